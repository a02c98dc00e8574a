// A client adds an add-on to a running service: the offers, the live price to the service's due
// date, the confirmation at the total shown, and what the service pages then say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { createAddonGroup } from '../../../src/modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../../../src/modules/catalog/set-offered-addon-groups.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { placeOrder } from '../../../src/modules/checkout/place-order.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { apiCaller, expectApiError } from '../api/helpers.ts';
import { appAt, fieldError, sql } from './helpers.ts';
import { addOsGroup, invoiceIdFrom, monthly, shopper, storePackage } from '../store/helpers.ts';

let t: TestApp;
let staff: Client;
let token: string;
const pk: Record<string, { id: number; slug: string }> = {};
const ORDERED = new Date('2027-03-15T12:00:00Z');
const NOW = new Date('2027-04-01T12:00:00Z');
const api = apiCaller(
  () => t,
  () => token,
);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pk.vps = await storePackage(t, catalogId, 'VPS Small', {}, [monthly('USD', '20.00')]);
  pk.backup = await storePackage(t, catalogId, 'Daily Backup', { allowQuantity: '1' }, [
    monthly('USD', '10.00'),
    { ...monthly('USD', '100.00'), name: 'Yearly', period: 'year' },
  ]);
  pk.licence = await storePackage(t, catalogId, 'Panel Licence', { stock: 1 }, [monthly('USD', '6.00')]);
  await addOsGroup(t, pk.licence.id);
  pk.ips = await storePackage(t, catalogId, 'Extra IPs', { allowQuantity: '1', stock: 2 }, [monthly('USD', '3.10')]);
  pk.hiddenAddon = await storePackage(t, catalogId, 'Staff Only', { status: 'hidden' }, [monthly('USD', '1.00')]);
  const backups = await createAddonGroup(t.em(), {
    name: 'Backups',
    names: { de: 'Sicherungen' },
    packageIds: [pk.backup.id, pk.hiddenAddon.id],
  });
  const licences = await createAddonGroup(t.em(), { name: 'Licences', packageIds: [pk.licence.id, pk.ips.id] });
  await setOfferedAddonGroups(t.em(), pk.vps.id, { groupIds: [backups.id, licences.id] });
  staff = await staffClient(t, 'owner');
  token = await apiToken(t, 'owner');
});
afterAll(() => t.close());

/** A shopper with an active VPS ordered on Mar 15 (due Apr 15), browsing on Apr 1. */
async function withVps(values: Record<string, string> = {}) {
  const s = await shopper(t, { currency: 'USD', country: 'US', ...values }, appAt(t, NOW));
  // Ordered two weeks before the visit (a session would not last that long, so not through the browser).
  const { invoice } = await placeOrder(t.em(), { clientId: s.id, packageId: pk.vps!.id, priceName: 'Monthly' }, ORDERED);
  await payInvoice(t.em(), { invoiceId: invoice.id, gateway: 'test', reference: `vps-${invoice.id}` }, ORDERED);
  const [row] = await sql<{ id: number }>(t, 'select id from service where client_id = ?', [s.id]);
  await sql(t, `update service set status = 'active' where id = ?`, [row!.id]);
  return { ...s, serviceId: row!.id };
}

describe('adding an add-on from the client area', () => {
  it("lists the offered add-ons with prices of the service's term, in the client's language", async () => {
    const { b, serviceId } = await withVps({ language: 'de' });
    const page = await textOf(await b.get(`/account/services/${serviceId}`));
    expect(page).toContain(`href="/account/services/${serviceId}/addons"`);
    const offers = await textOf(await b.get(`/account/services/${serviceId}/addons`));
    expect(offers).toContain('Sicherungen');
    expect(offers).toContain('Daily Backup');
    expect(offers).toContain('Monthly: 10,00 USD / Monat');
    // A price of another term is not offered with a monthly service, nor a hidden package.
    expect(offers).not.toContain('Yearly');
    expect(offers).not.toContain('Staff Only');
    expect(offers).toContain('bis zum nächsten Fälligkeitsdatum dieses Dienstes (15.04.2027)');
  });

  it('prices the choice to the due date, live with htmx, and charges exactly the total shown', async () => {
    const { b, id: clientId, serviceId } = await withVps();
    const page = await textOf(await b.get(`/account/services/${serviceId}/addons/${pk.backup!.id}`));
    // Apr 1 to Apr 15 of a 31-day term (Mar 15 to Apr 15): 10 × 14/31.
    expect(page).toContain('4.5161 USD');
    expect(page).toContain('name="expectedTotal" value="4.5200"');
    const quote = await b.post(
      `/account/services/${serviceId}/addons/${pk.backup!.id}/quote`,
      { priceName: 'Monthly', quantity: '2' },
      { htmx: true },
    );
    expect(quote.status).toBe(200);
    const fragment = await textOf(quote);
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('9.0322 USD');
    expect(fragment).toMatch(/id="expected-total"[^>]*hx-swap-oob="true"|hx-swap-oob="true"[^>]*id="expected-total"/);
    // A total that no longer matches what was shown is refused, and nothing is ordered.
    const stale = await b.post(`/account/services/${serviceId}/addons/${pk.backup!.id}`, {
      priceName: 'Monthly',
      quantity: '2',
      expectedTotal: '4.5200',
    });
    expect(stale.status).toBe(409);
    expect(await textOf(stale)).toContain('The price changed since it was shown: the total is now 9.03 USD');
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from order_line where parent_service_id = ?', [serviceId]))[0]!.n).toBe(
      0,
    );
    const res = await b.post(`/account/services/${serviceId}/addons/${pk.backup!.id}`, {
      priceName: 'Monthly',
      quantity: '2',
      expectedTotal: '9.0300',
    });
    expect(res.status).toBe(303);
    const invoiceId = invoiceIdFrom(res);
    expect(invoiceId).toBeGreaterThan(0);
    const invoicesOf = (html: string) =>
      html.slice(html.indexOf('id="service-invoices"'), html.indexOf('</table>', html.indexOf('id="service-invoices"')));
    // Before it is paid (no add-on service names it yet), the service's page lists its invoice, to pay.
    const unpaid = invoicesOf(await textOf(await b.get(`/account/services/${serviceId}`)));
    expect(unpaid).toContain(`href="/account/invoices/${invoiceId}"`);
    expect(unpaid).toContain('unpaid');
    expect(invoicesOf(await textOf(await staff.get(`/admin/services/${serviceId}`)))).toContain(`href="/admin/invoices/${invoiceId}"`);
    await payInvoice(t.em(), { invoiceId, gateway: 'test', reference: `addon-${invoiceId}` }, NOW);
    const addons = await sql<{ id: number; parent_id: number; next_due_date: string; client_id: number }>(
      t,
      'select id, parent_id, next_due_date::text, client_id from service where parent_id = ? order by id',
      [serviceId],
    );
    expect(addons.map((a) => [a.parent_id, a.next_due_date, a.client_id])).toEqual([
      [serviceId, '2027-04-15', clientId],
      [serviceId, '2027-04-15', clientId],
    ]);
    const parentPage = await textOf(await b.get(`/account/services/${serviceId}`));
    expect(parentPage).toContain(`Daily Backup #${addons[0]!.id}`);
    // The invoice that bought them is among the service's invoices, for the client and for staff.
    expect(invoicesOf(parentPage)).toContain(`href="/account/invoices/${invoiceId}"`);
    expect(invoicesOf(await textOf(await staff.get(`/admin/services/${serviceId}`)))).toContain(`href="/admin/invoices/${invoiceId}"`);
    const addonPage = await textOf(await b.get(`/account/services/${addons[0]!.id}`));
    expect(addonPage).toContain('Add-on of');
    expect(addonPage).toContain(`href="/account/services/${serviceId}"`);
    // An add-on takes no add-ons of its own.
    expect(addonPage).not.toContain('Add an add-on');
    const admin = await textOf(await staff.get(`/admin/services/${serviceId}`));
    expect(admin).toContain(`href="/admin/services/${addons[0]!.id}"`);
    // Upcoming periods: what the invoice comes to with the two add-ons (10.00 each) renewing on it.
    for (const page of [parentPage, admin]) {
      const upcoming = page.slice(page.indexOf('id="upcoming-periods"'), page.indexOf('</section>', page.indexOf('id="upcoming-periods"')));
      expect(upcoming).toContain('With add-ons');
      const firstRow = upcoming.slice(upcoming.indexOf('<tbody>')).split('</tr>')[0]!;
      const amounts = [...firstRow.matchAll(/([\d,]+\.\d{2}) USD/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
      expect(amounts).toHaveLength(2);
      expect(amounts[1]! - amounts[0]!).toBeCloseTo(20, 6);
    }

    // An add-on that has ended renews for nothing and is due nothing more, wherever it is listed;
    // the one still running keeps its amount and date.
    await sql(t, `update service set status = 'cancelled' where id = ?`, [addons[1]!.id]);
    const rowOf = (html: string, id: number) => html.slice(html.indexOf(`Daily Backup #${id}`)).split('</tr>')[0]!;
    const after = await textOf(await b.get(`/account/services/${serviceId}`));
    expect(rowOf(after, addons[0]!.id)).toContain('10.00 USD');
    expect(rowOf(after, addons[0]!.id)).toContain('2027-04-15');
    expect(rowOf(after, addons[1]!.id)).not.toContain('10.00 USD');
    expect(rowOf(after, addons[1]!.id)).not.toContain('2027-04-15');
    const ended = await textOf(await staff.get(`/admin/services/${addons[1]!.id}`));
    expect(ended).toMatch(/<dt>Next due<\/dt>\s*<dd>—<\/dd>/);
    // The service cancelled at the end of its term: its running add-on renews for nothing and ends with it.
    await sql(t, `update service set cancel_at = '2027-04-15' where id = ?`, [serviceId]);
    for (const page of [
      await textOf(await b.get(`/account/services/${serviceId}`)),
      await textOf(await staff.get(`/admin/services/${serviceId}`)),
    ]) {
      expect(rowOf(page, addons[0]!.id)).not.toContain('10.00 USD');
      expect(rowOf(page, addons[0]!.id)).toContain('ends 2027-04-15, with this service');
    }
    await sql(t, `update service set cancel_at = null where id = ?`, [serviceId]);
  });

  it('cancelling the service voids its unpaid add-on order: its units go back, and it can no longer be paid', async () => {
    const { b, serviceId } = await withVps();
    const page = await textOf(await b.get(`/account/services/${serviceId}/addons/${pk.ips!.id}`));
    const expectedTotal = /name="expectedTotal" value="([\d.]+)"/.exec(page)![1]!;
    const res = await b.post(`/account/services/${serviceId}/addons/${pk.ips!.id}`, { priceName: 'Monthly', quantity: '1', expectedTotal });
    expect(res.status).toBe(303);
    const invoiceId = invoiceIdFrom(res);
    const held = async () =>
      (
        await sql<{ n: number }>(
          t,
          `select coalesce(sum(quantity), 0)::int as n from stock_reservation where package_id = ? and status = 'live'`,
          [pk.ips!.id],
        )
      )[0]!.n;
    const heldBefore = await held();
    expect((await b.post(`/account/services/${serviceId}/cancel`, { when: 'now' })).status).toBe(303);
    expect(
      await sql(
        t,
        'select i.status as invoice, o.status as "order" from invoice i join client_order o on o.id = i.order_id where i.id = ?',
        [invoiceId],
      ),
    ).toEqual([{ invoice: 'void', order: 'cancelled' }]);
    expect(await held()).toBe(heldBefore - 1);
    await expect(payInvoice(t.em(), { invoiceId, gateway: 'test', reference: `late-${invoiceId}` }, NOW)).rejects.toThrow();
    expect(await sql(t, 'select count(*)::int as n from service where parent_id = ?', [serviceId])).toEqual([{ n: 0 }]);
  });

  it('says, as the price is worked out, when the quantity is more than is left, and still shows the price', async () => {
    const { b, serviceId } = await withVps();
    const base = `/account/services/${serviceId}/addons/${pk.ips!.id}`;
    const over = await b.post(`${base}/quote`, { priceName: 'Monthly', quantity: '3' }, { htmx: true });
    expect(over.status).toBe(422);
    const html = await textOf(over);
    expect(fieldError(html, 'quantity')).toBe('Only 2 left.');
    // Apr 1 to Apr 15 of a 31-day term: 3.10 × 14/31 = 1.40 a unit.
    expect(html).toContain(
      '3 × Extra IPs (Monthly), pro rata 2027-04-01 to 2027-04-14 (14/31 days)<span class="muted small"> (1.40 USD each)',
    );
    const fits = await b.post(`${base}/quote`, { priceName: 'Monthly', quantity: '2' }, { htmx: true });
    expect(fits.status).toBe(200);
    expect(fieldError(await textOf(fits), 'quantity')).toBeUndefined();
    // Confirmed without JavaScript at the total shown for one: refused by the quantity, not as a changed price.
    const placed = await b.post(base, { priceName: 'Monthly', quantity: '3', expectedTotal: '1.4000' });
    expect(placed.status).toBe(422);
    const refused = await textOf(placed);
    expect(fieldError(refused, 'quantity')).toBe('Only 2 left.');
    expect(refused).not.toContain('The price changed since it was shown');
  });

  it('answers junk next to the field and keeps what was chosen', async () => {
    const { b, serviceId } = await withVps();
    const base = `/account/services/${serviceId}/addons/${pk.licence!.id}`;
    const noOs = await b.post(`${base}/quote`, { priceName: 'Monthly' }, { htmx: true });
    expect(noOs.status).toBe(422);
    expect(await textOf(noOs)).toContain('Choose one OS.');
    const badPrice = await b.post(base, { priceName: 'Weekly', 'options[1]': 'x' });
    expect(badPrice.status).toBe(422);
    expect(await textOf(badPrice)).toContain('Choose one of the pricing options shown.');
    const badQty = await b.post(`/account/services/${serviceId}/addons/${pk.backup!.id}`, { priceName: 'Monthly', quantity: '0' });
    expect(badQty.status).toBe(422);
    expect(await textOf(badQty)).toContain('Enter a quantity from 1 to 100.');
    expect((await b.get(`/account/services/${serviceId}/addons/${pk.hiddenAddon!.id}`)).status).toBe(404);
    expect((await b.get(`/account/services/${serviceId}/addons/abc`)).status).toBe(404);
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from order_line where parent_service_id = ?', [serviceId]))[0]!.n).toBe(
      0,
    );
  });

  it('says why a service takes no add-ons, and keeps other clients out', async () => {
    const { b, serviceId } = await withVps();
    const other = await withVps();
    const addLink = `href="/account/services/${serviceId}/addons"`;
    expect(await textOf(await b.get(`/account/services/${serviceId}`))).toContain(addLink);
    // Cancelled at the end of its term: no add-on is offered, and one asked for is refused with why.
    await sql(t, `update service set cancel_at = next_due_date where id = ?`, [serviceId]);
    expect(await textOf(await b.get(`/account/services/${serviceId}`))).not.toContain(addLink);
    expect(await textOf(await b.get(`/account/services/${serviceId}/addons`))).toMatch(
      /This service ends on \d{4}-\d{2}-\d{2}, so it takes no add-ons\./,
    );
    await sql(t, `update service set cancel_at = null where id = ?`, [serviceId]);
    expect((await other.b.get(`/account/services/${serviceId}/addons`)).status).toBe(404);
    expect((await other.b.post(`/account/services/${serviceId}/addons/${pk.backup!.id}`, { priceName: 'Monthly' })).status).toBe(404);
    await sql(t, `update service set status = 'suspended', suspend_reason = 'staff' where id = ?`, [serviceId]);
    const offers = await textOf(await b.get(`/account/services/${serviceId}/addons`));
    expect(offers).toContain('Add-ons can be added to an active service only.');
    const direct = await b.get(`/account/services/${serviceId}/addons/${pk.backup!.id}`);
    expect(direct.status).toBe(303);
  });
});

describe('staff adding an add-on for a client', () => {
  it('offers the same add-ons on the staff service page and invoices the client', async () => {
    const { id: clientId, serviceId } = await withVps();
    const page = await textOf(await staff.get(`/admin/services/${serviceId}`));
    expect(page).toContain(`href="/admin/services/${serviceId}/addons"`);
    const offers = await textOf(await staff.get(`/admin/services/${serviceId}/addons`));
    expect(offers).toContain('Daily Backup');
    const form = await textOf(await staff.get(`/admin/services/${serviceId}/addons/${pk.backup!.id}`));
    const total = /name="expectedTotal" value="([\d.]+)"/.exec(form)?.[1];
    expect(total).toMatch(/^\d+\.\d{4}$/);
    const junk = await staff.post(`/admin/services/${serviceId}/addons/${pk.backup!.id}`, { priceName: 'Monthly', quantity: 'lots' });
    expect(junk.status).toBe(422);
    expect(await textOf(junk)).toContain('Enter a quantity from 1 to 100.');
    const res = await staff.post(`/admin/services/${serviceId}/addons/${pk.backup!.id}`, {
      priceName: 'Monthly',
      quantity: '1',
      expectedTotal: total!,
    });
    expect(res.status).toBe(303);
    const invoiceId = Number(/\/admin\/invoices\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
    const [invoice] = await sql<{ client_id: number; total: string }>(t, 'select client_id, total::text from invoice where id = ?', [
      invoiceId,
    ]);
    expect(invoice).toEqual({ client_id: clientId, total: total });
    // Support staff may look, not add.
    const support = await staffClient(t, 'support');
    expect(await textOf(await support.get(`/admin/services/${serviceId}`))).not.toContain(`/admin/services/${serviceId}/addons"`);
    expect(
      (await support.post(`/admin/services/${serviceId}/addons/${pk.backup!.id}`, { priceName: 'Monthly', expectedTotal: total! })).status,
    ).toBe(403);
  });
});

describe('adding an add-on through the API', () => {
  it("quotes and orders an add-on for a client's service, and shows it on the service", async () => {
    const { id: clientId, serviceId } = await withVps();
    const body = { clientId, parentServiceId: serviceId, packageId: pk.backup!.id, priceName: 'Monthly' };
    const quote = await api('POST', '/quotes', body);
    expect(quote.status).toBe(200);
    expect(quote.json.data.firstRenewalDate).toBe('2027-04-15');
    const order = await api('POST', '/orders', { ...body, expectedTotal: quote.json.data.total });
    expect(order.status).toBe(201);
    await payInvoice(
      t.em(),
      { invoiceId: order.json.data.invoiceId, gateway: 'manual', reference: `api-${order.json.data.invoiceId}` },
      new Date(),
    );
    const service = await api('GET', `/services/${serviceId}`);
    expect(service.json.data.addons.map((a: { packageName: string }) => a.packageName)).toEqual(['Daily Backup']);
    const addon = await api('GET', `/services/${service.json.data.addons[0].id}`);
    expect(addon.json.data.parent).toEqual({ id: serviceId, packageName: 'VPS Small' });
  });

  it('answers a bad add-on request with a 4xx naming the field', async () => {
    const { id: clientId, serviceId } = await withVps();
    const body = { clientId, parentServiceId: serviceId, packageId: pk.backup!.id, priceName: 'Monthly' };
    expectApiError(await api('POST', '/quotes', { ...body, clientId: undefined }), 422, 'clientId');
    expectApiError(await api('POST', '/quotes', { ...body, orderDate: '2027-01-01' }), 422, 'parentServiceId');
    expectApiError(await api('POST', '/quotes', { ...body, priceName: 'Yearly' }), 422, 'priceName');
    expectApiError(await api('POST', '/quotes', { ...body, parentServiceId: 'x' }), 422, 'parentServiceId');
    expectApiError(await api('POST', '/orders', { ...body, packageId: pk.vps!.id }), 422, 'packageId');
    expectApiError(await api('POST', '/orders', { ...body, expectedTotal: 'cheap' }), 422, 'expectedTotal');
    expectApiError(await api('POST', '/orders', { ...body, expectedTotal: '0.0100' }), 409);
    expectApiError(await api('POST', '/orders', { ...body, parentServiceId: 999999 }), 404);
  });
});
