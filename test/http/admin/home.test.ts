import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { billingFixtures, snapshotOf } from '../../integration/billing-runs-fixtures.ts';
import { textOf } from '../fixtures.ts';

// The admin home: staff land on today's figures, each linking to the list behind it.

let t: TestApp;
let owner: Client;

beforeAll(async () => {
  t = await makeTestApp();
  owner = await staffClient(t, 'owner');
  const f = billingFixtures(t.orm);
  const pkg = await f.basics();
  const client = await f.client('Home');
  const service = (status: string, amount: string, lastError: string | null = null) =>
    f.sql(
      `insert into service (client_id, package_id, status, price_snapshot, last_error, provisioned_at) values (?, ?, ?, ?::jsonb, ?, now() - interval '40 days')`,
      [client, pkg, status, JSON.stringify(snapshotOf({ intervalCount: 1, period: 'year' }, amount)), lastError],
    );
  await service('active', '1200.0000');
  await service('suspended', '120.0000');
  await service('pending', '10.0000', 'The panel refused: 500.');
  await service('pending', '10.0000');
  const [inv] = await f.sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, due_date) values (?, 'unpaid', 'USD', 80, 0, 80, 5, current_date - 3) returning id`,
    [client],
  );
  await f.sql(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 9, 0, 9, current_date + 3)`,
    [client],
  );
  await f.sql(
    `insert into payment (invoice_id, gateway, reference, amount, currency, created_at) values (?, 'manual', 'B-1', 300, 'USD', now() - interval '2 days')`,
    [inv!.id],
  );
  await f.sql(
    `insert into payment (invoice_id, gateway, reference, amount, currency, kind, created_at) values (?, 'manual', 'R-1', -50, 'USD', 'refund', now() - interval '1 day')`,
    [inv!.id],
  );
  await f.sql(
    `insert into payment (invoice_id, gateway, reference, amount, currency, created_at) values (?, 'manual', 'B-0', 70, 'USD', now() - interval '45 days')`,
    [inv!.id],
  );
  // Account credit moves no money in or out: neither a payment with it nor a refund to it is "received".
  await f.sql(
    `insert into payment (invoice_id, gateway, reference, amount, currency, created_at) values (?, 'credit', 'C-1', 40, 'USD', now() - interval '2 days')`,
    [inv!.id],
  );
  await f.sql(
    `insert into payment (invoice_id, gateway, reference, amount, currency, kind, created_at) values (?, 'credit', 'C-R1', -15, 'USD', 'refund', now() - interval '1 day')`,
    [inv!.id],
  );
  await f.sql(
    `insert into outbox (queue, job, payload, dedupe_key, enqueued_at, processed_at, failed_at, last_error, gave_up) values ('provisioning', 'provision-service', '{}', 'p:1', now(), now(), now(), 'refused', true)`,
  );
});
afterAll(() => t.close());

const card = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</li>', start));
};

describe('GET /admin', () => {
  it('is the home, no longer a redirect, with every figure and its link', async () => {
    const res = await owner.get('/admin');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(card(html, 'fig-mrr')).toContain('href="/admin/services?status=active"');
    // 1200/12 + 120/12 (suspended services are still billed).
    expect(card(html, 'fig-mrr')).toContain('110.00 USD');
    expect(card(html, 'fig-revenue')).toContain('250.00 USD');
    expect(card(html, 'fig-revenue')).toContain('30 days before: 70.00 USD');
    expect(card(html, 'fig-overdue')).toContain('Overdue invoices: 1');
    expect(card(html, 'fig-overdue')).toContain('75.00 USD due');
    expect(card(html, 'fig-overdue')).toContain('href="/admin/invoices?overdue=1"');
    expect(card(html, 'fig-pending')).toContain('Pending services: 2');
    expect(card(html, 'fig-pending')).toContain('1 failed to provision');
    expect(card(html, 'fig-pending')).toContain('href="/admin/services?failed=1"');
    expect(card(html, 'fig-suspended')).toContain('Suspended services: 1');
    expect(card(html, 'fig-suspended')).toContain('href="/admin/services?status=suspended"');
    expect(card(html, 'fig-jobs')).toContain('Failed jobs: 1');
    expect(card(html, 'fig-jobs')).toContain('href="/admin/work"');
    expect(card(html, 'fig-renewals')).toContain('href="/admin/billing"');
    for (const id of ['chart-revenue', 'chart-mrr', 'chart-services']) expect(html).toContain(`id="${id}"`);
  });

  it('every link it gives opens a list that applies its filter', async () => {
    const overdue = await textOf(await owner.get('/admin/invoices?overdue=1'));
    expect(overdue).toContain('80.00');
    expect(overdue).not.toContain('9.00 USD');
    for (const path of [
      '/admin/services?status=active',
      '/admin/services?status=pending',
      '/admin/services?status=suspended',
      '/admin/work',
      '/admin/billing',
      '/admin/payments',
    ]) {
      expect((await owner.get(path)).status, path).toBe(200);
    }
  });

  it('the services list filters to those that failed to provision, and refuses a junk value', async () => {
    const failed = await textOf(await owner.get('/admin/services?failed=1'));
    expect(failed).toContain('1 service');
    expect(failed).toContain('The panel refused: 500.');
    expect(failed.match(/href="\/admin\/services\/\d+"/g)).toHaveLength(1);
    const all = await textOf(await owner.get('/admin/services?status=pending'));
    expect(all.match(/href="\/admin\/services\/\d+"/g)).toHaveLength(2);
    const junk = await owner.get('/admin/services?failed=maybe');
    expect(junk.status).toBeLessThan(500);
  });

  it('ignores junk query parameters: the same page, never an error', async () => {
    // A NUL byte is refused before any route (app-wide), with a 4xx rather than a page or a 500.
    expect((await owner.get('/admin?status=%00')).status).toBe(422);
    for (const q of ['?status=junk', '?page=-1&x=<script>', '?months=abc', `?q=${'x'.repeat(5000)}`]) {
      const res = await owner.get(`/admin${q}`);
      expect(res.status, q).toBe(200);
      expect(await textOf(res), q).not.toContain('<script>');
    }
  });

  it('says none failed to provision, without a link to an empty list, when none did', async () => {
    const f = billingFixtures(t.orm);
    const failed = await f.sql<{ id: number }>(`update service set last_error = null where last_error is not null returning id`);
    try {
      const pending = card(await textOf(await owner.get('/admin')), 'fig-pending');
      expect(pending).toContain('None failed to provision.');
      expect(pending).not.toContain('href="/admin/services?failed=1"');
    } finally {
      for (const { id } of failed) await f.sql(`update service set last_error = 'The panel refused: 500.' where id = ?`, [id]);
    }
  });

  it('is for staff only', async () => {
    const res = await new Client(t).get('/admin');
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin');
  });
});
