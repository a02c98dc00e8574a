// A service's page: the invoices that bill it, and what its plugin returned, with a secret held
// back until the owner asks for it (and never shown to anyone else).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { PLUGIN_DATA, addInvoice, seedAccount } from '../../helpers/client-account.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { appAt, sql } from './helpers.ts';
import { invoiceIdFrom, shopper, storePackage } from '../store/helpers.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';

let t: TestApp;
let packageId = 0;
let slug = '';
const NOW = new Date('2027-01-20T12:00:00Z');
const SECRET = PLUGIN_DATA['webhook.root_password'];
const detailUrl = (serviceId: number, key = 'webhook.root_password') => `/account/services/${serviceId}/details/${encodeURIComponent(key)}`;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  ({ id: packageId, slug } = await storePackage(t, catalogId, 'Cloud VPS'));
  // The webhook plugin declares labels for the values it returns.
  const [instance] = await sql<{ id: number }>(
    t,
    `insert into plugin_instance (plugin, name, settings) values ('webhook', 'Hooks', '{}') returning id`,
  );
  await sql(t, 'update package set plugin_instance_id = ? where id = ?', [instance!.id, packageId]);
});
afterAll(() => t.close());

async function owner() {
  const s = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
  return { ...s, ...(await seedAccount(t, s.id, packageId)) };
}

describe('the service page', () => {
  it('lists the invoices that bill the service, newest first, each linking to its page', async () => {
    const a = await owner();
    const other = await seedAccount(t, a.id, packageId);
    await addInvoice(t, a.id, a.serviceId, { status: 'draft', total: '1.00', dueDate: '2027-03-01', createdAt: '2027-01-19T10:00:00Z' });
    const html = await textOf(await a.b.get(`/account/services/${a.serviceId}`));
    const table = html.slice(html.indexOf('id="service-invoices"'), html.indexOf('</table>', html.indexOf('id="service-invoices"')));
    const rows = [
      ...table.matchAll(
        /<tr><td><a href="\/account\/invoices\/(\d+)">([^<]+)<\/a><\/td><td class="nowrap">([^<]+)<\/td><td class="num nowrap">([^<]+)<\/td><td><span class="badge[^"]*">(\w+)<\/span>/g,
      ),
    ].map((m) => m.slice(1).join(' '));
    // Not the draft, and not the invoices of the client's other service.
    expect(rows).toEqual([
      `${a.unpaidId} #${a.unpaidId} 2027-01-01 19.50 USD unpaid`,
      `${a.paidId} #${a.paidId} 2026-12-01 12.00 USD paid`,
    ]);
    expect(table).not.toContain(`/account/invoices/${other.unpaidId}"`);
  });

  it('lists the order invoice that bought the service, which names no service on its lines', async () => {
    const s = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    const res = await s.b.post(`/store/${slug}/order`, { priceName: 'Monthly' });
    const invoiceId = invoiceIdFrom(res);
    await payInvoice(t.em(), { invoiceId, gateway: 'test', reference: `bought-${invoiceId}` }, NOW);
    const [service] = await sql<{ id: number }>(t, 'select id from service where client_id = ?', [s.id]);
    const [lines] = await sql<{ n: string }>(t, 'select count(*) as n from invoice_line where invoice_id = ? and service_id is not null', [
      invoiceId,
    ]);
    expect(Number(lines!.n)).toBe(0);
    const html = await textOf(await s.b.get(`/account/services/${service!.id}`));
    const table = html.slice(html.indexOf('id="service-invoices"'), html.indexOf('</table>', html.indexOf('id="service-invoices"')));
    expect(table).toContain(`<a href="/account/invoices/${invoiceId}">`);
    expect(html).not.toContain('No invoices for this service yet.');
  });

  it('says so when the service has no invoices (its ended sibling here)', async () => {
    const a = await owner();
    const html = await textOf(await a.b.get(`/account/services/${a.endedId}`));
    expect(html).toContain('No invoices for this service yet.');
  });

  it("lists the plugin's values under its labels, humanising the rest, with the secret masked", async () => {
    const a = await owner();
    const res = await a.b.get(`/account/services/${a.serviceId}`);
    const html = await textOf(res);
    expect(html).toContain('<dt>Username</dt><dd><span class="detail-value"><code>ada-vps</code></span></dd>');
    expect(html).toContain('<dt>Server</dt><dd><span class="detail-value"><code>eu1.example.net</code></span></dd>');
    expect(html).toContain('<dt>Root password</dt>');
    expect(html).toContain(
      `<a class="button small" href="${detailUrl(a.serviceId)}" hx-get="${detailUrl(a.serviceId)}" hx-target="closest .detail-value" hx-swap="outerHTML" aria-label="Show Root password">Show</a>`,
    );
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain('hunter2');
  });

  it('reveals the secret on request: a fragment for htmx, a page without JavaScript, never cached', async () => {
    const a = await owner();
    const fragment = await a.b.get(detailUrl(a.serviceId), { htmx: true });
    expect(fragment.status).toBe(200);
    expect(fragment.headers.get('cache-control')).toBe('private, no-store');
    const text = await textOf(fragment);
    expect(text).toBe(`<span class="detail-value"><code tabindex="-1" autofocus="">${SECRET}</code></span>`);

    const page = await a.b.get(detailUrl(a.serviceId));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    const html = await textOf(page);
    expect(html).toContain('<!doctype html>');
    expect(html).toContain(`<code>${SECRET}</code>`);
    expect(html).toContain(`<a href="/account/services/${a.serviceId}">Back to the service</a>`);
  });

  it('reveals a value whose key holds spaces, a slash or other characters', async () => {
    const a = await owner();
    const key = 'webhook.DB pass/wörd?&#';
    await sql(t, `update service set plugin_data = plugin_data || ?::jsonb where id = ?`, [
      JSON.stringify({ [key]: 'odd-1' }),
      a.serviceId,
    ]);
    const html = await textOf(await a.b.get(`/account/services/${a.serviceId}`));
    expect(html).toContain(`href="${detailUrl(a.serviceId, key)}"`);
    expect(html).not.toContain('odd-1');
    expect(await textOf(await a.b.get(detailUrl(a.serviceId, key), { htmx: true }))).toContain('>odd-1</code></span>');
  });

  it("gives 404 for another client's service and its secret, and for a key the service has not", async () => {
    const a = await owner();
    const b = await owner();
    for (const path of [
      `/account/services/${a.serviceId}`,
      detailUrl(a.serviceId),
      detailUrl(b.serviceId, 'webhook.nope'),
      detailUrl(b.serviceId, 'constructor'),
      detailUrl(b.serviceId, '__proto__'),
    ]) {
      const res = await b.b.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain(SECRET);
    }
    const htmx = await b.b.get(detailUrl(a.serviceId), { htmx: true });
    expect(htmx.status).toBe(404);
    expect(await htmx.text()).not.toContain(SECRET);
  });

  it('gives 404, not 500, for junk ids and keys', async () => {
    const a = await owner();
    for (const id of ['abc', '0', '-1', '1.5', '99999999999', '2147483648', '1e3', '%00']) {
      expect((await a.b.get(`/account/services/${id}`)).status, id).toBe(404);
      expect((await a.b.get(`/account/services/${id}/details/webhook.username`)).status, id).toBe(404);
    }
    for (const key of ['%ZZ', '%E0%A4%A', 'x'.repeat(5000), '%00', '..%2F..%2Fetc']) {
      expect((await a.b.get(`/account/services/${a.serviceId}/details/${key}`)).status, key.slice(0, 20)).toBe(404);
    }
  });

  it('asks a signed-out visitor to sign in before showing a secret', async () => {
    const a = await owner();
    const res = await t.app.request(`http://localhost${detailUrl(a.serviceId)}`);
    expect(res.status).toBe(302);
    expect(await res.text()).not.toContain(SECRET);
  });
});
