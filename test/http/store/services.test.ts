import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { appAt, sql, unlabelled } from '../client/helpers.ts';
import { invoiceIdFrom, monthly, shopper, storePackage } from './helpers.ts';

let t: TestApp;
const pk: Record<string, { id: number; slug: string }> = {};
const NOW = new Date('2027-03-10T12:00:00Z');

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pk.cancellable = await storePackage(t, catalogId, 'Hosting', { allowQuantity: '1' }, [
    monthly('USD', '20.00', { cancellationFee: '7.50' }),
  ]);
  pk.locked = await storePackage(t, catalogId, 'Contract Box', { allowCancellation: '0' });
});
afterAll(() => t.close());

/** A shopper with `quantity` active services of the package, bought and paid through the store. */
async function withServices(slug: string, quantity = 1) {
  const s = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
  const res = await s.b.post(`/store/${slug}/order`, { priceName: 'Monthly', quantity: String(quantity) });
  await payInvoice(t.em(), { invoiceId: invoiceIdFrom(res), gateway: 'test', reference: `svc-${invoiceIdFrom(res)}` }, NOW);
  const ids = (await sql<{ id: number }>(t, 'select id from service where client_id = ? order by id', [s.id])).map((r) => r.id);
  await sql(t, `update service set status = 'active' where client_id = ?`, [s.id]);
  return { ...s, ids };
}

describe('the services list and a service page', () => {
  it('lists services with their per-unit price, linking to pages that show status, package and next due date', async () => {
    const { b, ids } = await withServices(pk.cancellable!.slug, 2);
    const list = await textOf(await b.get('/account/services'));
    expect(list).toContain(`href="/account/services/${ids[0]}"`);
    expect(list).toContain('20.00 USD');
    expect(list).toContain('2027-04-10');
    const page = await textOf(await b.get(`/account/services/${ids[0]}`));
    expect(unlabelled(page)).toEqual([]);
    expect(page).toMatch(/Hosting <span class="badge ok">active<\/span>/);
    expect(page).toContain('20.00 USD before tax');
    expect(page).toContain('2027-04-10');
    expect(page).toContain('Cancel at the end of the term');
    expect(page).toContain('Cancel now');
    const orders = await textOf(await b.get('/account/orders'));
    expect(orders).toMatch(/href="\/account\/invoices\/\d+"/);
  });

  it("404s another client's service and junk ids", async () => {
    const { ids } = await withServices(pk.cancellable!.slug);
    const other = await shopper(t);
    for (const path of [
      `/account/services/${ids[0]}`,
      `/account/services/${ids[0]}/cancel?when=now`,
      '/account/services/abc',
      '/account/services/-1',
    ]) {
      expect((await other.b.get(path)).status, path).toBe(404);
    }
    expect((await other.b.post(`/account/services/${ids[0]}/cancel`, { when: 'now' })).status).toBe(404);
    expect((await sql<{ status: string }>(t, 'select status from service where id = ?', [ids[0]]))[0]!.status).toBe('active');
  });
});

describe('cancellation', () => {
  it('at the end of the term: a confirmation page, then the service ends on its due date', async () => {
    const { b, ids } = await withServices(pk.cancellable!.slug);
    const confirm = await textOf(await b.get(`/account/services/${ids[0]}/cancel?when=end_of_term`));
    expect(confirm).toContain('Cancel at the end of the term?');
    expect(confirm).toContain('keeps running to the end of its paid term and ends on 2027-04-10');
    const res = await b.post(`/account/services/${ids[0]}/cancel`, { when: 'end_of_term' });
    expect(res.status).toBe(303);
    const page = await textOf(await b.get(res.headers.get('location')!));
    expect(page).toContain('Cancellation noted');
    expect(page).toContain('This service ends on 2027-04-10; it will not renew.');
    expect(page).not.toContain('Cancel at the end of the term');
    // Ending, it is shown as such: no renewal price or next due date, and on the first page its end.
    expect(page).toContain('<dt>Ends on</dt>');
    expect(page).not.toContain('<dt>Renews for</dt>');
    expect(page).not.toContain('<dt>Next due</dt>');
    expect(await textOf(await b.get('/account'))).toContain('Ends 2027-04-10');
    const [svc] = await sql<{ status: string; cancel_at: string }>(t, 'select status, cancel_at::text from service where id = ?', [ids[0]]);
    expect(svc).toEqual({ status: 'active', cancel_at: '2027-04-10' });
  });

  it('at the end of a term already over (its renewal unpaid): said so, and ended at once, not on a past date', async () => {
    const { b, ids } = await withServices(pk.cancellable!.slug);
    await sql(t, `update service set next_due_date = '2027-03-05' where id = ?`, [ids[0]]);
    const confirm = await textOf(await b.get(`/account/services/${ids[0]}/cancel?when=end_of_term`));
    expect(confirm).toContain('was paid up to 2027-03-05: it ends right away and will not renew.');
    const res = await b.post(`/account/services/${ids[0]}/cancel`, { when: 'end_of_term' });
    expect(res.headers.get('location')).toBe(`/account/services/${ids[0]}?cancelled=now`);
    const [svc] = await sql<{ status: string; cancel_at: string }>(t, 'select status, cancel_at::text from service where id = ?', [ids[0]]);
    expect(svc).toEqual({ status: 'cancelled', cancel_at: '2027-03-05' });
    const page = await textOf(await b.get(res.headers.get('location')!));
    expect(page).toContain('The service is cancelled.');
    expect(page).not.toContain('This service ends on 2027-03-05');
  });

  it('now: warns of the fee, cancels, and invoices the fee', async () => {
    const { b, id, ids } = await withServices(pk.cancellable!.slug);
    const confirm = await textOf(await b.get(`/account/services/${ids[0]}/cancel?when=now`));
    expect(confirm).toContain('cancellation fee of 7.50 USD');
    const res = await b.post(`/account/services/${ids[0]}/cancel`, { when: 'now' });
    expect(res.status).toBe(303);
    const ended = await textOf(await b.get(res.headers.get('location')!));
    expect(ended).toMatch(/<span class="badge muted">cancelled<\/span>/);
    expect(ended).not.toContain('<dt>Renews for</dt>');
    const fee = await sql<{ total: string }>(t, `select total from invoice where client_id = ? and order_id is null`, [id]);
    expect(fee).toEqual([{ total: '7.5000' }]);
  });

  it('now, once the term has lapsed (an overdue, suspended service): promises no fee and invoices none', async () => {
    const { b, id, ids } = await withServices(pk.cancellable!.slug);
    await sql(t, `update service set status = 'suspended', suspend_reason = 'overdue', next_due_date = '2027-03-08' where id = ?`, [
      ids[0],
    ]);
    const confirm = await textOf(await b.get(`/account/services/${ids[0]}/cancel?when=now`));
    expect(confirm).toContain('Cancel now?');
    expect(confirm).not.toContain('cancellation fee');
    expect((await b.post(`/account/services/${ids[0]}/cancel`, { when: 'now' })).status).toBe(303);
    expect(await sql(t, `select total from invoice where client_id = ? and order_id is null`, [id])).toEqual([]);
  });

  it('now, for a client paying in EUR a fee priced in USD: promises the fee in the euros it invoices', async () => {
    const s = await shopper(t, { currency: 'EUR' }, appAt(t, NOW));
    const res = await s.b.post(`/store/${pk.cancellable!.slug}/order`, { priceName: 'Monthly', quantity: '1' });
    await payInvoice(t.em(), { invoiceId: invoiceIdFrom(res), gateway: 'test', reference: `svc-eur-${invoiceIdFrom(res)}` }, NOW);
    const [svc] = await sql<{ id: number }>(t, `update service set status = 'active' where client_id = ? returning id`, [s.id]);
    const confirm = await textOf(await s.b.get(`/account/services/${svc!.id}/cancel?when=now`));
    expect(confirm).toContain('cancellation fee of 6.90 EUR');
    expect((await s.b.post(`/account/services/${svc!.id}/cancel`, { when: 'now' })).status).toBe(303);
    expect(await sql(t, `select total, currency from invoice where client_id = ? and order_id is null`, [s.id])).toEqual([
      { total: '6.9000', currency: 'EUR' },
    ]);
  });

  it('is refused where the package does not allow it, and for junk', async () => {
    const { b, ids } = await withServices(pk.locked!.slug);
    const page = await textOf(await b.get(`/account/services/${ids[0]}`));
    expect(page).not.toContain('Cancel now');
    expect((await b.get(`/account/services/${ids[0]}/cancel?when=now`)).headers.get('location')).toBe(`/account/services/${ids[0]}`);
    const refused = await b.post(`/account/services/${ids[0]}/cancel`, { when: 'now' });
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain('This service cannot be cancelled online; please contact support.');
    const other = await withServices(pk.cancellable!.slug);
    const junk = await other.b.post(`/account/services/${other.ids[0]}/cancel`, { when: 'tomorrow' });
    expect(junk.status).toBe(422);
    expect(await textOf(junk)).toContain('Choose now or at the end of the term.');
    expect((await other.b.post(`/account/services/${other.ids[0]}/cancel`, { when: 'now\u0000' })).status).toBe(422);
    expect((await other.b.post(`/account/services/${other.ids[0]}/cancel`, { when: 'now' }, { csrf: false })).status).toBe(403);
  });
});

describe('keeping a service set to end with its term running', () => {
  const cancelAt = async (id: number) =>
    (await sql<{ cancel_at: string | null }>(t, 'select cancel_at::text from service where id = ?', [id]))[0]!.cancel_at;

  it('offers it beside the end date, keeps it running and says so; cancelled again, it is confirmed again', async () => {
    const { b, id, ids } = await withServices(pk.cancellable!.slug);
    expect(await textOf(await b.get(`/account/services/${ids[0]}`))).not.toContain(`action="/account/services/${ids[0]}/keep"`);
    await b.post(`/account/services/${ids[0]}/cancel`, { when: 'end_of_term' });
    const ending = await textOf(await b.get(`/account/services/${ids[0]}`));
    expect(ending).toContain(`action="/account/services/${ids[0]}/keep"`);
    expect(ending).toContain('Keep it running');
    const res = await b.post(`/account/services/${ids[0]}/keep`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/account/services/${ids[0]}?cancelled=withdrawn`);
    expect(await cancelAt(ids[0]!)).toBeNull();
    const page = await textOf(await b.get(res.headers.get('location')!));
    expect(page).toContain('Your service keeps running and renews as before');
    expect(page).not.toContain('This service ends on');
    expect(page).toContain('<dt>Renews for</dt>');
    expect(page).toContain('Cancel at the end of the term');
    const [event] = await sql<{ actor: string; note: string }>(
      t,
      'select actor, note from service_event where service_id = ? order by id desc limit 1',
      [ids[0]],
    );
    expect(event).toEqual({ actor: 'client', note: 'Cancellation withdrawn: it renews on 2027-04-10 as before.' });
    // Asked again, it keeps nothing: nothing is set to end.
    const again = await b.post(`/account/services/${ids[0]}/keep`);
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain('This service is not set to end.');
    // Cancelled at the end of the term once more: set, and confirmed by email once more.
    await b.post(`/account/services/${ids[0]}/cancel`, { when: 'end_of_term' });
    expect(await cancelAt(ids[0]!)).toBe('2027-04-10');
    const kinds = await sql<{ kind: string }>(
      t,
      `select kind from mail_message where client_id = ? and kind like 'cancellation%' order by id`,
      [id],
    );
    expect(kinds.map((k) => k.kind)).toEqual(['cancellation_confirmed', 'cancellation_withdrawn', 'cancellation_confirmed']);
  });

  it("is not offered, and refused, where the package does not let clients cancel, on another client's service, and without the form's token", async () => {
    const { b, ids } = await withServices(pk.locked!.slug);
    await sql(t, `update service set cancel_at = next_due_date where id = ?`, [ids[0]]);
    const page = await textOf(await b.get(`/account/services/${ids[0]}`));
    expect(page).toContain('This service ends on 2027-04-10');
    expect(page).not.toContain('Keep it running');
    const refused = await b.post(`/account/services/${ids[0]}/keep`);
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain('This service cannot be changed online; please contact support.');
    expect(await cancelAt(ids[0]!)).toBe('2027-04-10');
    const other = await withServices(pk.cancellable!.slug);
    expect((await other.b.post(`/account/services/${ids[0]}/keep`)).status).toBe(404);
    await other.b.post(`/account/services/${other.ids[0]}/cancel`, { when: 'end_of_term' });
    expect((await other.b.post(`/account/services/${other.ids[0]}/keep`, {}, { csrf: false })).status).toBe(403);
    expect((await other.b.post(`/account/services/abc/keep`)).status).toBe(404);
    expect(await cancelAt(other.ids[0]!)).toBe('2027-04-10');
  });
});
