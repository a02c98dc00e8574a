import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { Browser, appAt, fieldError, unlabelled } from '../client/helpers.ts';
import { textOf } from '../fixtures.ts';
import { billingFixtures } from '../../integration/billing-runs-fixtures.ts';
import { saveLanguage } from '../../../src/modules/settings/save-language.ts';

// The staff billing pages on a fixed clock (2026-03-01): runs, run detail with failures and
// retry, the "next N days" preview, and upcoming periods on service pages.

const NOW = new Date('2026-03-01T10:00:00Z');
let base: TestApp;
let t: TestApp;
let owner: Client;
let support: Client;
let f: ReturnType<typeof billingFixtures>;
let pkg: number;
let anaId: number;
let serviceId: number;
let failedRun: number;

const runCount = async () => (await f.sql<{ n: number }>('select count(*)::int as n from billing_run'))[0]!.n;

beforeAll(async () => {
  base = await makeTestApp();
  t = { ...base, app: appAt(base, NOW) };
  f = billingFixtures(t.orm);
  pkg = await f.basics();
  anaId = await f.client('Ana Admin-View');
  serviceId = await f.service(anaId, pkg, { due: '2026-03-05', amount: '10.0000' });
  await f.service(anaId, pkg, { due: '2026-03-05', amount: '20.0000' });
  const [run] = await f.sql<{ id: number }>(
    `insert into billing_run (trigger, status, as_of, batches, scanned, invoices, failures, started_at, finished_at)
     values ('schedule', 'failed', '2026-02-28', 2, 40, 37, 1, '2026-02-28T01:00:00Z', '2026-02-28T01:00:04Z') returning id`,
  );
  failedRun = run!.id;
  await f.sql(
    `insert into billing_run_batch (run_id, seq, after_client_id, up_to_client_id, status, scanned, invoices, attempts, error) values (?, 1, 0, 10, 'done', 40, 37, 1, null), (?, 2, 10, 20, 'failed', 0, 0, 5, 'connection reset')`,
    [failedRun, failedRun],
  );
  await f.sql(`insert into billing_run_failure (run_id, service_id, reason) values (?, ?, 'The price snapshot has no term.')`, [
    failedRun,
    serviceId,
  ]);
  await f.sql(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, billing_run_id) values (?, 'unpaid', 'USD', '30.00', '0', '30.00', '2026-03-05', ?)`,
    [anaId, failedRun],
  );
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
});
afterAll(() => base.close());

describe('/admin/billing', () => {
  it('shows the runs table, the run form and the next 14 days, linked from the menu', async () => {
    const res = await owner.get('/admin/billing');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('<a href="/admin/billing" aria-current="page">Billing</a>');
    expect(html).toContain(`<a href="/admin/billing/runs/${failedRun}">#${failedRun}</a>`);
    expect(html).toContain('2026-02-28 01:00 UTC');
    expect(html).toContain('4.0 s');
    expect(html).toMatch(/<td class="num">40<\/td><td class="num">37<\/td>/);
    expect(html).toContain('Run billing now');
    expect(html).toContain('Next 14 days');
    expect(unlabelled(html)).toEqual([]);
    // Today: Ana's two services due 03-05 share one invoice: 30.00 before tax, 35.70 with 19% tax.
    expect(html).toMatch(
      /<td class="nowrap">2026-03-01<\/td><td class="num">1<\/td><td class="num">2<\/td><td><div class="nowrap">30\.00 USD<\/div><\/td><td><div class="nowrap">35\.70 USD<\/div><\/td>/,
    );
  });

  it('lets support look but not start or retry a run', async () => {
    const html = await textOf(await support.get('/admin/billing'));
    expect(html).toContain('Next 14 days');
    expect(html).not.toContain('Run billing now');
    expect(await textOf(await support.get(`/admin/billing/runs/${failedRun}`))).not.toContain('>Retry<');
    const before = await runCount();
    expect((await support.post('/admin/billing/runs', { asOf: '2026-03-01' })).status).toBe(403);
    expect((await support.post('/admin/billing/runs', { asOf: '2026-03-01' }, { htmx: true })).status).toBe(403);
    expect((await support.post(`/admin/billing/runs/${failedRun}/retry`)).status).toBe(403);
    expect(await runCount()).toBe(before);
  });

  it('starts a run without JavaScript: redirect, then a message linking to it', async () => {
    const res = await owner.post('/admin/billing/runs', { asOf: '' });
    expect(res.status).toBe(303);
    const to = res.headers.get('location')!;
    const id = Number(/started=(\d+)/.exec(to)?.[1]);
    const [run] = await f.sql<{ trigger: string; as_of: string; actor: string }>(
      'select trigger, as_of::text as as_of, actor from billing_run where id = ?',
      [id],
    );
    expect(run).toMatchObject({ trigger: 'staff', as_of: '2026-03-01' });
    expect(run!.actor).toMatch(/^owner\d+@example\.com$/);
    expect(await textOf(await owner.get(to))).toContain(`Billing run <a href="/admin/billing/runs/${id}">#${id}</a> started`);
  });

  it('starts a run with htmx: the runs section comes back with the new run and a message', async () => {
    const res = await owner.post('/admin/billing/runs', { asOf: '2026-02-27' }, { htmx: true });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html.startsWith('<section id="billing-runs"')).toBe(true);
    expect(html).not.toContain('<html');
    const id = Number(/Billing run <a href="\/admin\/billing\/runs\/(\d+)">/.exec(html)?.[1]);
    expect(html).toContain(`<a href="/admin/billing/runs/${id}">#${id}</a></td>`);
    expect(html).toContain('2026-02-27');
  });

  it('puts a bad date next to the field, with and without htmx, and starts nothing', async () => {
    const before = await runCount();
    for (const [asOf, message] of [
      ['2026-02-30', 'That date does not exist.'],
      ['next week', 'Use a date like 2026-01-31.'],
      ['2031-01-01', 'Choose today or an earlier day; the preview below shows what is coming.'],
    ] as const) {
      const page = await owner.post('/admin/billing/runs', { asOf });
      expect(page.status).toBe(422);
      const html = await textOf(page);
      expect(fieldError(html, 'asOf')).toBe(message);
      expect(html).toContain(`value="${asOf}"`);
      expect(html).toContain('Next 14 days');
      const fragment = await owner.post('/admin/billing/runs', { asOf }, { htmx: true });
      expect(fragment.status).toBe(422);
      expect(fieldError(await textOf(fragment), 'asOf')).toBe(message);
    }
    expect(await runCount()).toBe(before);
  });

  it('refreshes the preview for N days with htmx, and without JavaScript through the page', async () => {
    const fragment = await owner.get('/admin/billing/preview?days=3', { htmx: true });
    expect(fragment.status).toBe(200);
    const html = await textOf(fragment);
    expect(html.startsWith('<section id="billing-preview"')).toBe(true);
    expect(html).toContain('Next 3 days');
    expect(html.match(/<td class="nowrap">2026-03-0\d<\/td>/g)).toHaveLength(3);
    const plain = await owner.get('/admin/billing/preview?days=3');
    expect(plain.status).toBe(302);
    expect(plain.headers.get('location')).toBe('/admin/billing?days=3');
    const page = await textOf(await owner.get('/admin/billing?days=60'));
    expect(page).toContain('Next 60 days');
    expect(page).toContain('2026-04-29');
    // The total row counts the services of its rows, as it counts their invoices.
    const preview = /<section id="billing-preview"[\s\S]*?<\/section>/.exec(page)![0];
    const [body, foot] = [/<tbody>[\s\S]*?<\/tbody>/.exec(preview)![0], /<tfoot>[\s\S]*?<\/tfoot>/.exec(preview)![0]];
    const perDay = [...body.matchAll(/<td class="nowrap">[^<]*<\/td><td class="num">\d+<\/td><td class="num">(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(perDay).toHaveLength(60);
    const services = perDay.reduce((a, b) => a + b, 0);
    expect(services).toBeGreaterThan(0);
    expect(/<td class="num">\d+<\/td><td class="num">(\d+)/.exec(foot)?.[1]).toBe(String(services));
  });

  it('puts junk days next to the field', async () => {
    for (const [days, message] of [
      ['0', 'Use 1 or more.'],
      ['91', 'Use 90 or less.'],
      ['lots', 'Enter a number of days from 1 to 90.'],
      ['', 'Enter a number of days from 1 to 90.'],
    ] as const) {
      const fragment = await owner.get(`/admin/billing/preview?days=${encodeURIComponent(days)}`, { htmx: true });
      expect(fragment.status, days).toBe(422);
      expect(fieldError(await textOf(fragment), 'days')).toBe(message);
      const page = await owner.get(`/admin/billing?days=${encodeURIComponent(days)}`);
      expect(page.status).toBe(422);
      const html = await textOf(page);
      expect(fieldError(html, 'days')).toBe(message);
      // The default preview still shows under the message.
      expect(html).toContain('Next 14 days');
    }
    expect((await owner.get('/admin/billing?page=abc')).status).toBe(200);
  });

  it('answers the table refresh with the table alone, and sends a plain visit to the page', async () => {
    const fragment = await owner.get('/admin/billing/runs', { htmx: true });
    expect((await fragment.text()).startsWith('<div id="run-table"')).toBe(true);
    expect((await owner.get('/admin/billing/runs')).headers.get('location')).toBe('/admin/billing');
  });
});

describe('/admin/billing/runs/:id', () => {
  it('shows the counters, batches and failures with links to the service', async () => {
    const res = await owner.get(`/admin/billing/runs/${failedRun}`);
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain(`Billing run #${failedRun}`);
    expect(html).toContain('2 (1 done, 0 pending, 1 failed, 0 abandoned)');
    expect(html).toContain('connection reset');
    expect(html).toContain(`<a href="/admin/services/${serviceId}">#${serviceId}</a>`);
    expect(html).toContain('Ana Admin-View');
    expect(html).toContain('The price snapshot has no term.');
    expect(html).toContain('>Retry<');
    // What it billed: each invoice it made, linked, by its number (a draft, which has none, by its id).
    const [made] = await f.sql<{ id: number; number: string | null }>('select id, number from invoice where billing_run_id = ?', [
      failedRun,
    ]);
    expect(html).toContain(`<a href="/admin/invoices/${made!.id}">${made!.number ?? `#${made!.id}`}</a>`);
    await f.sql(`update invoice set number = 'INV-RUN-0001' where id = ?`, [made!.id]);
    expect(await textOf(await owner.get(`/admin/billing/runs/${failedRun}`))).toContain(
      `<a href="/admin/invoices/${made!.id}">INV-RUN-0001</a>`,
    );
    expect(html).toContain('The first 1 of 37 invoices.');
    expect((await owner.get('/admin/billing/runs/999999')).status).toBe(404);
    expect((await owner.get('/admin/billing/runs/abc')).status).toBe(404);
  });

  it('retries: a new run for the same day, the failures marked retried, and a message', async () => {
    const res = await owner.post(`/admin/billing/runs/${failedRun}/retry`);
    expect(res.status).toBe(303);
    const to = res.headers.get('location')!;
    const id = Number(/\/admin\/billing\/runs\/(\d+)\?retried=/.exec(to)?.[1]);
    const html = await textOf(await owner.get(to));
    expect(html).toContain(`Run #${id} started as a retry of run #${failedRun}.`);
    expect(html).toContain('2026-02-28');
    expect(html).toMatch(new RegExp(`Retry\\s*of <a href="/admin/billing/runs/${failedRun}">#${failedRun}</a>`));
    const old = await textOf(await owner.get(`/admin/billing/runs/${failedRun}`));
    expect(old).toContain(`<a href="/admin/billing/runs/${id}">run #${id}</a>`);
    expect(old).not.toContain('not yet');
    expect((await owner.post('/admin/billing/runs/999999/retry')).status).toBe(404);
  });

  it('refuses to retry a run still working, saying why', async () => {
    const [run] = await f.sql<{ id: number }>(
      `insert into billing_run (trigger, as_of, started_at) values ('schedule', '2026-03-01', now()) returning id`,
    );
    const res = await owner.post(`/admin/billing/runs/${run!.id}/retry`);
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('That run is still running; retry it when it has finished.');
  });
});

describe('upcoming periods on service pages', () => {
  it('staff see the next periods with invoice dates and amounts', async () => {
    // As read: the cells' text, one space apart.
    const html = (await textOf(await owner.get(`/admin/services/${serviceId}`))).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(html).toContain('Upcoming periods');
    expect(html).toContain('2026-03-05 – 2026-04-04');
    expect(html).toContain('2026-04-05 – 2026-05-04 2026-03-29');
    expect(html).toContain('10.00 USD');
  });

  it('a client sees their own service’s periods', async () => {
    const browser = new Browser(t);
    await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
    await browser.signUp({ language: 'en', currency: 'USD' });
    const [me] = await f.sql<{ id: number }>('select id from client order by id desc limit 1');
    const mine = await f.service(me!.id, pkg, { due: '2026-03-31', anchor: 31, amount: '8.5000' });
    const html = (await textOf(await browser.get(`/account/services/${mine}`))).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(html).toContain('Upcoming periods');
    expect(html).toContain('2026-03-31 – 2026-04-29');
    expect(html).toContain('2026-04-30 – 2026-05-30');
    expect(html).toContain('8.50 USD');
    expect((await browser.get(`/account/services/${serviceId}`)).status).toBe(404);
  });
});
