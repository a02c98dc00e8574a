import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let packageId: number;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

async function serviceOrderedOn(day: string, name: string) {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, 'DE', 'USD') returning id`, [
    `${name}@example.com`,
    name,
  ]);
  const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, new Date(`${day}T12:00:00Z`));
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `first-${invoice.id}` }, new Date(`${day}T12:00:00Z`));
  const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [c!.id]);
  await sql(`update service set status = 'active' where id = ?`, [s!.id]);
  return s!.id;
}

/** One whole billing run for `day` (scan and every batch); how many invoices it made. */
const generateRenewalInvoices = async (_em: unknown, day: string) => (await runBillingNow(em(), day, new Date())).invoices;
const dueOf = async (id: number) => (await sql<{ d: string }>('select next_due_date::text as d from service where id = ?', [id]))[0]!.d;
const renewalInvoices = (id: number) =>
  sql<{ id: number; total: string; tax: string; status: string; period_start: string }>(
    `select i.id, i.total, i.tax, i.status, l.period_start::text as period_start from invoice i join invoice_line l on l.invoice_id = i.id where l.service_id = ? and l.kind = 'renewal' order by l.period_start`,
    [id],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  packageId = (await createPackage(em(), { catalogId: catalog.id, name: 'Web' })).id;
  await savePrice(em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '10.00',
    renewalPrice: '12.50',
  });
});
afterAll(() => db.drop());

describe('renewal invoices and the period ledger', () => {
  it('anchor 31: invoices 7 days ahead, bills each period once under racing scans, extends once per payment, returns to the 31st', async () => {
    const id = await serviceOrderedOn('2026-01-31', 'anchor');
    expect(await dueOf(id)).toBe('2026-02-28');
    expect(await generateRenewalInvoices(em(), '2026-02-20')).toBe(0);
    const seen: string[] = [];
    let today = '2026-02-21';
    for (let month = 0; month < 13; month++) {
      // Three scans at once, like three workers: one invoice per period.
      const made = await Promise.all([
        generateRenewalInvoices(em(), today),
        generateRenewalInvoices(em(), today),
        generateRenewalInvoices(em(), today),
      ]);
      expect(made.reduce((a: number, b: number) => a + b, 0)).toBe(1);
      const invoices = await renewalInvoices(id);
      const latest = invoices[invoices.length - 1]!;
      expect(latest).toMatchObject({ total: '14.8800', tax: '2.3800', status: 'unpaid' });
      // The payment reported twice (and by two gateways) extends the service once.
      await Promise.all([
        payInvoice(em(), { invoiceId: latest.id, gateway: 'test', reference: `r-${latest.id}` }, new Date()),
        payInvoice(em(), { invoiceId: latest.id, gateway: 'test', reference: `r-${latest.id}` }, new Date()),
        payInvoice(em(), { invoiceId: latest.id, gateway: 'manual', reference: `m-${latest.id}` }, new Date()),
      ]);
      const due = await dueOf(id);
      seen.push(due);
      today = new Date(Date.parse(`${due}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    }
    expect(seen).toEqual([
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
    ]);
    const ledger = await sql<{ period_start: string; period_end: string; paid: boolean }>(
      'select period_start::text, period_end::text, paid_at is not null as paid from service_period where service_id = ? order by period_start',
      [id],
    );
    expect(ledger).toHaveLength(14);
    expect(ledger.every((p) => p.paid)).toBe(true);
    // No gaps, no overlaps: each period starts where the last ended.
    for (let i = 1; i < ledger.length; i++) expect(ledger[i]!.period_start).toBe(ledger[i - 1]!.period_end);
  });

  it('does not renew a service cancelled for the end of its term, or one that is not active', async () => {
    const ending = await serviceOrderedOn('2026-05-10', 'ending');
    await sql(`update service set cancel_at = next_due_date where id = ?`, [ending]);
    const gone = await serviceOrderedOn('2026-05-10', 'gone');
    await sql(`update service set status = 'terminated' where id = ?`, [gone]);
    await generateRenewalInvoices(em(), '2026-06-09');
    expect(await renewalInvoices(ending)).toHaveLength(0);
    expect(await renewalInvoices(gone)).toHaveLength(0);
  });
});
