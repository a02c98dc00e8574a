// What the service pages say about the billing lifecycle: when a service ends, and why it is
// suspended (an overdue invoice lifts itself when paid; a staff suspension does not).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { appAt, sql } from './helpers.ts';
import { invoiceIdFrom, monthly, shopper, storePackage } from '../store/helpers.ts';

let t: TestApp;
let staff: Client;
const pk: Record<string, { id: number; slug: string }> = {};
const NOW = new Date('2027-03-10T12:00:00Z');

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pk.fixed = await storePackage(t, catalogId, 'Event Site', {}, [monthly('USD', '9.00', { cancelAtEndOfTerm: '1' })]);
  pk.plain = await storePackage(t, catalogId, 'Plain Site', {}, [monthly('USD', '9.00')]);
  staff = await staffClient(t, 'owner');
});
afterAll(() => t.close());

async function serviceOf(slug: string) {
  const s = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
  const res = await s.b.post(`/store/${slug}/order`, { priceName: 'Monthly' });
  await payInvoice(t.em(), { invoiceId: invoiceIdFrom(res), gateway: 'test', reference: `lc-${invoiceIdFrom(res)}` }, NOW);
  const [row] = await sql<{ id: number }>(t, 'select id from service where client_id = ?', [s.id]);
  await sql(t, `update service set status = 'active' where id = ?`, [row!.id]);
  return { ...s, serviceId: row!.id };
}

describe('service pages and the billing lifecycle', () => {
  it('a price that ends with its term shows the end date from the start, and offers only cancelling now', async () => {
    const { b, serviceId } = await serviceOf(pk.fixed!.slug);
    const page = await textOf(await b.get(`/account/services/${serviceId}`));
    expect(page).toMatch(/<dt>Ends on<\/dt>\s*<dd>2027-04-10<\/dd>/);
    expect(page).toContain('This service ends on 2027-04-10; it will not renew.');
    expect(page).not.toContain('Cancel at the end of the term');
    expect(page).toContain('Cancel now');
    const admin = await textOf(await staff.get(`/admin/services/${serviceId}`));
    expect(admin).toContain('2027-04-10 (does not renew)');
    // The lists say it too, where the next due date would be: it will not renew.
    const row = (html: string) => new RegExp(`href="[^"]*/services/${serviceId}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    expect(row(await textOf(await b.get('/account/services')))).toContain('Ends 2027-04-10');
    expect(row(await textOf(await b.get('/account')))).toContain('Ends 2027-04-10');
    expect(row(await textOf(await staff.get(`/admin/services?q=${serviceId}`)))).toContain('Cancelled: ends 2027-04-10');
    const [owner] = await sql<{ client_id: number }>(t, 'select client_id from service where id = ?', [serviceId]);
    expect(row(await textOf(await staff.get(`/admin/clients/${owner!.client_id}`)))).toContain('Ends 2027-04-10');
  });

  it('says why a service is suspended, to the client and to staff', async () => {
    const { b, serviceId } = await serviceOf(pk.plain!.slug);
    expect(await textOf(await b.get(`/account/services/${serviceId}`))).not.toContain('Ends on');

    await sql(t, `update service set status = 'suspended', suspend_reason = 'overdue' where id = ?`, [serviceId]);
    expect(await textOf(await b.get(`/account/services/${serviceId}`))).toContain(
      'This service is suspended because an invoice is overdue. Paying it brings the service back at once.',
    );
    expect(await textOf(await staff.get(`/admin/services/${serviceId}`))).toContain('Overdue invoice: lifts when it is paid');

    await sql(t, `update service set suspend_reason = 'staff' where id = ?`, [serviceId]);
    expect(await textOf(await b.get(`/account/services/${serviceId}`))).toContain(
      'This service is suspended by our staff. Please contact support.',
    );
    expect(await textOf(await staff.get(`/admin/services/${serviceId}`))).toContain('By staff: lifts only when staff unsuspend');
  });
});
