// Upgrades and downgrades against the real database: DOMAIN.md's worked example and its edges,
// confirmation against the preview, payment applying the change once, and stock under races.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { nextRenewal, type RenewalSnapshot } from '../../src/modules/billing/rules/renewal.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { countHeldMany } from '../../src/modules/inventory/count-held-many.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { payWithCredit } from '../../src/modules/invoicing/pay-with-credit.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { confirmServiceChange } from '../../src/modules/scaling/confirm-service-change.ts';
import { previewServiceChange } from '../../src/modules/scaling/preview-service-change.ts';
import { voidStaleServiceChanges } from '../../src/modules/scaling/void-stale-service-changes.ts';
import { suspendOverdueServices } from '../../src/modules/services/suspend-overdue-services.ts';
import { Conflict, DomainError, NotFound } from '../../src/modules/shared/errors.ts';
import { activeService, at, scalingStore, type ScalingStore } from './scaling-fixtures.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let s: ScalingStore;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  db = await createTestDatabase();
  s = await scalingStore(em);
});
afterAll(() => db.drop());

/** A Basic service ordered Jan 1 2026: its period is [Jan 1, Feb 1). */
const basicService = (opts: Parameters<typeof activeService>[4] = {}) => activeService(em, sql, s.basic, '2026-01-01', opts);
const serviceRow = async (id: number) =>
  (
    await sql<{
      package_id: number;
      price_id: number | null;
      next_due_date: string | null;
      anchor_day: number | null;
      price_snapshot: RenewalSnapshot;
    }>('select package_id, price_id, next_due_date::text, anchor_day, price_snapshot from service where id = ?', [id])
  )[0]!;
const confirmFrom = (p: { net: string; total: string; currency: string; effectiveDate: string }) => ({
  expectedNet: p.net,
  expectedTotal: p.total,
  expectedCurrency: p.currency,
  effectiveDate: p.effectiveDate,
});
const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error) => e,
  );

describe('preview: DOMAIN.md worked example (period Jan 1 to Feb 1, today Jan 17)', () => {
  it('credits -10 x 15/31 and charges 20 x 15/31, taxes the positive net at the client rate, keeps the due date', async () => {
    const { serviceId } = await basicService();
    const p = await previewServiceChange(
      em(),
      { serviceId },
      { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] },
      at('2026-01-17'),
    );
    expect(p.period).toEqual({ start: '2026-01-01', end: '2026-02-01' });
    expect([p.daysLeft, p.daysInPeriod, p.daysInNewTerm]).toEqual([15, 31, 31]);
    expect(p.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['upgrade-credit', '-4.8387'],
      ['upgrade-charge', '9.6774'],
    ]);
    expect(p.lines[0]!.description).toBe('Unused Web Basic (Monthly), 2026-01-17 to 2026-01-31 (15/31 days)');
    expect(p).toMatchObject({
      net: '4.8387',
      subtotal: '4.8400',
      tax: '0.9200',
      taxRate: '19.0000',
      total: '5.7600',
      outcome: 'invoice',
      currency: 'USD',
      effectiveDate: '2026-01-17',
      nextDueDate: '2026-02-01',
    });
    // From the next due date the new price renews at its renewal price (the flag is off, so the charge used the price).
    expect(p.renewal).toEqual({ amount: '18.0000', currency: 'USD' });
    expect(p.snapshot).toMatchObject({
      priceName: 'Monthly',
      optionIds: [s.os.linux],
      price: { name: 'Monthly', type: 'recurring', period: 'month' },
      quote: { renewalAmount: '18.0000', currency: 'USD', anchorDay: 1, firstRenewalDate: '2026-02-01' },
    });
  });

  it('a yearly target counts its term from the period start: 200 x 15/365', async () => {
    const { serviceId } = await basicService();
    const p = await previewServiceChange(
      em(),
      { serviceId },
      { packageId: s.pro, priceName: 'Annual', optionIds: [s.os.linux] },
      at('2026-01-17'),
    );
    expect(p.daysInNewTerm).toBe(365);
    expect(p.lines.map((l) => l.amount)).toEqual(['-4.8387', '8.2192']);
    expect(p.net).toBe('3.3805');
    expect(p.term).toEqual({ intervalCount: 1, period: 'year' });
  });

  it('honours "use renewal prices for upgrades" on the target: 25 x 15/31, not 30', async () => {
    const { serviceId } = await basicService();
    const p = await previewServiceChange(em(), { serviceId }, { packageId: s.plus, priceName: 'Monthly' }, at('2026-01-17'));
    expect(p.lines[1]!.amount).toBe('12.0968');
    expect(p.net).toBe('7.2581');
  });

  it('prices variants of the target and refuses options it does not offer with the price', async () => {
    const { serviceId } = await basicService();
    const withWindows = await previewServiceChange(
      em(),
      { serviceId },
      { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.windows] },
      at('2026-01-17'),
    );
    expect(withWindows.lines[1]!.amount).toBe('12.6774'); // (20 + 6.20) x 15/31
    const refused = await refusal(
      previewServiceChange(em(), { serviceId }, { packageId: s.pro, priceName: 'Annual', optionIds: [s.os.windows] }, at('2026-01-17')),
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect(Object.keys((refused as DomainError).fields)).toEqual([`optionIds.${s.os.groupId}`]);
    const missing = await refusal(previewServiceChange(em(), { serviceId }, { packageId: s.pro, priceName: 'Monthly' }, at('2026-01-17')));
    expect(Object.keys((missing as DomainError).fields)).toEqual([`optionIds.${s.os.groupId}`]);
  });

  it('refuses targets outside the scalable-to list, inactive ones, one-time prices, unknown prices, and other clients', async () => {
    const { serviceId, clientId } = await basicService();
    const fields = async (input: Record<string, unknown>) =>
      ((await refusal(previewServiceChange(em(), { serviceId }, input, at('2026-01-17')))) as DomainError).fields;
    expect(await fields({ packageId: s.stranger, priceName: 'Monthly' })).toEqual({
      packageId: 'This service cannot move to that package.',
    });
    expect(await fields({ packageId: s.retired, priceName: 'Monthly' })).toEqual({ packageId: 'Web Retired is no longer available.' });
    expect(await fields({ packageId: s.mini, priceName: 'Lifetime' })).toEqual({
      priceName: 'A service can only move to a recurring or free price.',
    });
    expect(Object.keys(await fields({ packageId: s.mini, priceName: 'Weekly' }))).toEqual(['priceName']);
    expect(Object.keys(await fields({ packageId: 'x', optionIds: 'y' }))).toEqual(['packageId', 'optionIds.0']);
    expect(await fields({ packageId: s.mini })).toEqual({ priceName: 'Choose a pricing option.' });
    expect(
      await refusal(
        previewServiceChange(em(), { serviceId, clientId: clientId + 1000 }, { packageId: s.pro, priceName: 'Monthly' }, at('2026-01-17')),
      ),
    ).toBeInstanceOf(NotFound);
    await sql(`update service set status = 'suspended' where id = ?`, [serviceId]);
    expect(
      await refusal(previewServiceChange(em(), { serviceId }, { packageId: s.mini, priceName: 'Monthly' }, at('2026-01-17'))),
    ).toBeInstanceOf(Conflict);
  });

  it('a service in another currency is priced in it, converting the default-currency price at the rate', async () => {
    const { serviceId } = await basicService({ currency: 'EUR' });
    const p = await previewServiceChange(em(), { serviceId }, { packageId: s.mini, priceName: 'Monthly' }, at('2026-01-17'));
    // Basic 10 USD x 0.92 = 9.20 EUR a month; Mini 4 USD x 0.92 = 3.68 EUR.
    expect(p.currency).toBe('EUR');
    expect(p.lines.map((l) => l.amount)).toEqual(['-4.4516', '1.7806']);
    expect(p.balanceCredit).toEqual({ amount: '2.6700', currency: 'EUR' });
  });
});

describe('confirm', () => {
  it('a positive net raises an invoice due today; paying it twice applies the change once with one outbox row', async () => {
    const { serviceId } = await basicService();
    const input = { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] };
    const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
    const done = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p) }, at('2026-01-17'));
    expect(done.status).toBe('awaiting_payment');
    const [invoice] = await sql<{ status: string; total: string; tax: string; subtotal: string; due_date: string; currency: string }>(
      'select status, total, tax, subtotal, due_date::text, currency from invoice where id = ?',
      [done.invoiceId],
    );
    expect(invoice).toEqual({
      status: 'unpaid',
      subtotal: '4.8400',
      tax: '0.9200',
      total: '5.7600',
      due_date: '2026-01-17',
      currency: 'USD',
    });
    expect(
      await sql('select kind, amount, taxable, service_id from invoice_line where invoice_id = ? order by id', [done.invoiceId]),
    ).toEqual([
      { kind: 'upgrade-credit', amount: '-4.8387', taxable: true, service_id: serviceId },
      { kind: 'upgrade-charge', amount: '9.6774', taxable: true, service_id: serviceId },
    ]);
    // Not applied until paid.
    expect((await serviceRow(serviceId)).package_id).toBe(s.basic);

    const pay = (ref: string, gateway: 'test' | 'manual' = 'test') =>
      payInvoice(em(), { invoiceId: done.invoiceId!, gateway, reference: ref }, at('2026-01-18'));
    expect((await Promise.all([pay('t-1'), pay('t-1'), pay('m-1', 'manual')])).sort()).toEqual(['already-paid', 'already-paid', 'paid']);
    const after = await serviceRow(serviceId);
    expect(after).toMatchObject({ package_id: s.pro, next_due_date: '2026-02-01', anchor_day: 1 });
    expect(after.price_snapshot).toEqual(p.snapshot);
    const [change] = await sql<{ status: string; applied_at: Date | null }>('select status, applied_at from service_change where id = ?', [
      done.changeId,
    ]);
    expect(change!.status).toBe('applied');
    const outbox = await sql<{ queue: string; job: string; payload: unknown; dedupe_key: string }>(
      `select queue, job, payload, dedupe_key from outbox where dedupe_key like 'service-change:%' and payload->>'serviceId' = ?`,
      [String(serviceId)],
    );
    expect(outbox).toEqual([
      {
        queue: 'provisioning',
        job: 'service-action',
        payload: { serviceId, verb: 'changePackage', changeId: done.changeId, key: `service-change:${done.changeId}` },
        dedupe_key: `service-change:${done.changeId}`,
      },
    ]);
    const events = await sql<{ note: string; actor: string }>(
      `select note, actor from service_event where service_id = ? and note like 'Moved%'`,
      [serviceId],
    );
    expect(events).toEqual([{ note: `Moved from Web Basic (Monthly) to Web Pro (Monthly) (change #${done.changeId}).`, actor: 'client' }]);
  });

  it('the next renewal after the change bills the new price on the unchanged due date', async () => {
    const { serviceId } = await basicService();
    const input = { packageId: s.pro, priceName: 'Annual', optionIds: [s.os.linux] };
    const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
    const done = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p) }, at('2026-01-17'));
    await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'test', reference: `r-${done.invoiceId}` }, at('2026-01-17'));
    const row = await serviceRow(serviceId);
    expect(nextRenewal(row.price_snapshot, row.next_due_date!, row.anchor_day)).toEqual({
      periodStart: '2026-02-01',
      periodEnd: '2027-02-01',
      amount: '200.0000',
      currency: 'USD',
    });
    // Moving back within the same month credits the yearly price's daily rate (200 x 12/365),
    // never the yearly amount spread over the month's 31 days.
    const back = await previewServiceChange(em(), { serviceId }, { packageId: s.basic, priceName: 'Monthly' }, at('2026-01-20'));
    expect(back.lines.map((l) => l.amount)).toEqual(['-6.5753', '3.8710']);
  });

  it('a downgrade credits the balance at once, in the service currency, and applies now', async () => {
    const { serviceId, clientId } = await basicService();
    const input = { packageId: s.mini, priceName: 'Monthly' };
    const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
    expect(p).toMatchObject({
      net: '-2.9032',
      total: '-2.9000',
      tax: '0.0000',
      outcome: 'credit',
      balanceCredit: { amount: '2.9000', currency: 'USD' },
    });
    const done = await confirmServiceChange(
      em(),
      { serviceId, actor: 'staff@example.com' },
      { ...input, ...confirmFrom(p) },
      at('2026-01-17'),
    );
    expect(done).toMatchObject({ status: 'applied', invoiceId: null });
    expect((await serviceRow(serviceId)).package_id).toBe(s.mini);
    expect(await sql('select credit_balance from client where id = ?', [clientId])).toEqual([{ credit_balance: '2.9000' }]);
    expect(await sql('select amount, currency from credit_entry where client_id = ?', [clientId])).toEqual([
      { amount: '2.9000', currency: 'USD' },
    ]);
    expect(await sql(`select count(*)::int as n from outbox where dedupe_key = ?`, [`service-change:${done.changeId}`])).toEqual([
      { n: 1 },
    ]);
    expect(
      (await sql<{ actor: string }>(`select actor from service_event where service_id = ? and note like 'Moved%'`, [serviceId]))[0]!.actor,
    ).toBe('staff@example.com');
  });

  it('a credit for a service billed in another currency than the balance is converted at today’s rates', async () => {
    const { serviceId, clientId } = await basicService({ orderCurrency: 'EUR' });
    const input = { packageId: s.mini, priceName: 'Monthly' };
    const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
    // -2.67 EUR / 0.92 = -2.9022 USD, rounded to the cent.
    expect(p).toMatchObject({ currency: 'EUR', total: '-2.6700', balanceCredit: { amount: '2.9000', currency: 'USD' } });
    await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p) }, at('2026-01-17'));
    expect(await sql('select credit_balance from client where id = ?', [clientId])).toEqual([{ credit_balance: '2.9000' }]);
  });

  it('a free target credits the unused days and the service stops renewing', async () => {
    const { serviceId, clientId } = await basicService();
    const input = { packageId: s.free, priceName: 'Free' };
    const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
    expect(p).toMatchObject({ net: '-4.8387', outcome: 'credit', daysInNewTerm: null, nextDueDate: null, renewal: null, term: null });
    expect(p.lines[1]).toMatchObject({ kind: 'upgrade-charge', amount: '0.0000', description: 'Web Free (Free), free from 2026-01-17' });
    await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p) }, at('2026-01-17'));
    const row = await serviceRow(serviceId);
    expect(row).toMatchObject({ package_id: s.free, next_due_date: null });
    expect(nextRenewal(row.price_snapshot, '2026-02-01', 1)).toBeNull();
    expect(await sql('select credit_balance from client where id = ?', [clientId])).toEqual([{ credit_balance: '4.8400' }]);

    // Back from free to paid: nothing to credit, the first full term starts today.
    const back = { packageId: s.basic, priceName: 'Monthly' };
    const q = await previewServiceChange(em(), { serviceId }, back, at('2026-01-20'));
    expect(q).toMatchObject({ period: { start: '2026-01-20', end: '2026-02-20' }, net: '10.0000', nextDueDate: '2026-02-20' });
    expect(q.lines.map((l) => l.kind)).toEqual(['upgrade-charge']);
    const done = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...back, ...confirmFrom(q) }, at('2026-01-20'));
    await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'test', reference: `f-${done.invoiceId}` }, at('2026-01-20'));
    expect(await serviceRow(serviceId)).toMatchObject({ package_id: s.basic, next_due_date: '2026-02-20', anchor_day: 20 });
    expect(
      await sql(
        `select period_start::text, period_end::text, invoice_id from service_period where service_id = ? and period_start = '2026-01-20'`,
        [serviceId],
      ),
    ).toEqual([{ period_start: '2026-01-20', period_end: '2026-02-20', invoice_id: done.invoiceId }]);
  });

  it('a changed price asks for a new preview, and so does another day', async () => {
    const { serviceId } = await basicService();
    const input = { packageId: s.mini, priceName: 'Monthly' };
    const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
    const [price] = await sql<{ id: number }>(`select id from package_price where package_id = ? and name = 'Monthly'`, [s.mini]);
    await savePrice(em(), s.mini, price!.id, { price: '5.00' });
    try {
      const changed = await refusal(
        confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p) }, at('2026-01-17')),
      );
      expect(changed).toBeInstanceOf(Conflict);
      expect((changed as Error).message).toBe('The amounts changed since your preview; please review the new preview.');
    } finally {
      await savePrice(em(), s.mini, price!.id, { price: '4.00' });
    }
    const nextDay = await refusal(
      confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p) }, at('2026-01-18')),
    );
    expect(nextDay).toBeInstanceOf(Conflict);
    expect(await sql('select count(*)::int as n from service_change where service_id = ?', [serviceId])).toEqual([{ n: 0 }]);
    expect((await serviceRow(serviceId)).package_id).toBe(s.basic);
    const junk = await refusal(
      confirmServiceChange(
        em(),
        { serviceId, actor: 'client' },
        { ...input, ...confirmFrom(p), expectedNet: '1,5', effectiveDate: '2026-02-30' },
        at('2026-01-17'),
      ),
    );
    expect(Object.keys((junk as DomainError).fields)).toEqual(['expectedNet', 'effectiveDate']);
  });

  it('a second confirmation replaces an unpaid one: the first change and its invoice are voided and cannot be paid', async () => {
    const { serviceId } = await basicService();
    const first = { packageId: s.plus, priceName: 'Monthly' };
    const p1 = await previewServiceChange(em(), { serviceId }, first, at('2026-01-17'));
    const c1 = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...first, ...confirmFrom(p1) }, at('2026-01-17'));
    const second = { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] };
    const p2 = await previewServiceChange(em(), { serviceId }, second, at('2026-01-17'));
    const c2 = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...second, ...confirmFrom(p2) }, at('2026-01-17'));
    expect(await sql('select status from service_change where id in (?, ?) order by id', [c1.changeId, c2.changeId])).toEqual([
      { status: 'void' },
      { status: 'awaiting_payment' },
    ]);
    expect(await sql('select status from invoice where id = ?', [c1.invoiceId])).toEqual([{ status: 'void' }]);
    expect(
      await refusal(payInvoice(em(), { invoiceId: c1.invoiceId!, gateway: 'test', reference: 'late' }, at('2026-01-17'))),
    ).toBeInstanceOf(Conflict);
  });

  it('the same change confirmed again (a double click) is the one awaiting payment: one change, one invoice, nothing voided', async () => {
    const { serviceId } = await basicService();
    const choice = { packageId: s.plus, priceName: 'Monthly' };
    const p = await previewServiceChange(em(), { serviceId }, choice, at('2026-01-17'));
    const first = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...choice, ...confirmFrom(p) }, at('2026-01-17'));
    const again = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...choice, ...confirmFrom(p) }, at('2026-01-17'));
    expect(again).toMatchObject({ changeId: first.changeId, invoiceId: first.invoiceId, status: 'awaiting_payment' });
    // Both at once: the service lock orders them, the second finds the first's change.
    const both = await Promise.all(
      [1, 2].map(() => confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...choice, ...confirmFrom(p) }, at('2026-01-17'))),
    );
    expect(both.map((c) => c.invoiceId)).toEqual([first.invoiceId, first.invoiceId]);
    expect(await sql('select status from service_change where service_id = ?', [serviceId])).toEqual([{ status: 'awaiting_payment' }]);
    expect(await sql('select status from invoice where id = ?', [first.invoiceId])).toEqual([{ status: 'unpaid' }]);
    expect(await sql('select count(*)::int as n from invoice_line where service_id = ?', [serviceId])).toEqual([{ n: 2 }]);
    // A different choice the same day still replaces it.
    const other = { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] };
    const p2 = await previewServiceChange(em(), { serviceId }, other, at('2026-01-17'));
    const replaced = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...other, ...confirmFrom(p2) }, at('2026-01-17'));
    expect(replaced.invoiceId).not.toBe(first.invoiceId);
    expect(await sql('select status from invoice where id = ?', [first.invoiceId])).toEqual([{ status: 'void' }]);
  });

  it('credit put towards a change that is then replaced comes back to the balance', async () => {
    const { serviceId } = await basicService();
    const [svc] = await sql<{ client_id: number }>('select client_id from service where id = ?', [serviceId]);
    const first = { packageId: s.plus, priceName: 'Monthly' };
    const p1 = await previewServiceChange(em(), { serviceId }, first, at('2026-01-17'));
    const c1 = await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...first, ...confirmFrom(p1) }, at('2026-01-17'));
    await sql(`update client set credit_balance = 1 where id = ?`, [svc!.client_id]);
    expect(await payWithCredit(em(), svc!.client_id, c1.invoiceId!, at('2026-01-17'), { orPart: true })).toBe('credit-applied');
    const second = { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] };
    const p2 = await previewServiceChange(em(), { serviceId }, second, at('2026-01-17'));
    await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...second, ...confirmFrom(p2) }, at('2026-01-17'));
    expect(await sql('select status from invoice where id = ?', [c1.invoiceId])).toEqual([{ status: 'void' }]);
    expect(await sql('select credit_balance from client where id = ?', [svc!.client_id])).toEqual([{ credit_balance: '1.0000' }]);
  });

  it('two confirmations racing for the last unit of a stock-1 target: only one holds it', async () => {
    const a = await basicService();
    const b = await basicService();
    const input = { packageId: s.scarce, priceName: 'Monthly' };
    const pa = await previewServiceChange(em(), { serviceId: a.serviceId }, input, at('2026-01-17'));
    const pb = await previewServiceChange(em(), { serviceId: b.serviceId }, input, at('2026-01-17'));
    const results = await Promise.allSettled([
      confirmServiceChange(em(), { serviceId: a.serviceId, actor: 'client' }, { ...input, ...confirmFrom(pa) }, at('2026-01-17')),
      confirmServiceChange(em(), { serviceId: b.serviceId, actor: 'client' }, { ...input, ...confirmFrom(pb) }, at('2026-01-17')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(DomainError);
    expect((failed.reason as DomainError).fields).toEqual({ packageId: 'Web Scarce: Sold out.' });
    // The awaiting change holds the unit: the store shows none left, and checkout cannot sell it.
    expect((await countHeldMany(em(), [s.scarce, s.basic], at('2026-01-17'))).get(s.scarce)).toBe(1);
    const [other] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('scarce-buyer@example.com', 'Buyer', 'USD') returning id`,
    );
    expect(
      (
        (await refusal(
          placeOrder(em(), { clientId: other!.id, packageId: s.scarce, priceName: 'Monthly' }, at('2026-01-17')),
        )) as DomainError
      ).fields,
    ).toEqual({ quantity: 'Sold out.' });
    // Voided when its period ends unpaid: the unit is free again, and the invoice cannot be paid.
    expect(await voidStaleServiceChanges(em(), '2026-01-31', at('2026-01-31'))).toBe(0);
    expect(await voidStaleServiceChanges(em(), '2026-02-01', at('2026-02-01'))).toBeGreaterThanOrEqual(1);
    expect(await voidStaleServiceChanges(em(), '2026-02-01', at('2026-02-01'))).toBe(0);
    const won = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ changeId: number; invoiceId: number | null }>)
      .value;
    expect(await sql('select status from service_change where id = ?', [won.changeId])).toEqual([{ status: 'void' }]);
    expect(await sql('select status from invoice where id = ?', [won.invoiceId])).toEqual([{ status: 'void' }]);
    await placeOrder(em(), { clientId: other!.id, packageId: s.scarce, priceName: 'Monthly' }, at('2026-02-01'));
  });

  it('with the next period paid early, credits every unused day up to the due date at the old daily rate', async () => {
    const { serviceId } = await basicService();
    await sql(`insert into service_period (service_id, period_start, period_end, paid_at) values (?, '2026-02-01', '2026-03-01', now())`, [
      serviceId,
    ]);
    await sql(`update service set next_due_date = '2026-03-01' where id = ?`, [serviceId]);
    const p = await previewServiceChange(em(), { serviceId }, { packageId: s.mini, priceName: 'Monthly' }, at('2026-01-27'));
    // 33 days left (Jan 27 to Mar 1): 10 x 33/31 credited, 4 x 33/31 charged.
    expect(p).toMatchObject({ period: { start: '2026-01-01', end: '2026-03-01' }, daysLeft: 33, nextDueDate: '2026-03-01' });
    expect(p.lines.map((l) => l.amount)).toEqual(['-10.6452', '4.2581']);
  });

  it('refuses a change once the renewal is due', async () => {
    const { serviceId } = await basicService();
    const err = await refusal(previewServiceChange(em(), { serviceId }, { packageId: s.mini, priceName: 'Monthly' }, at('2026-02-01')));
    expect(err).toBeInstanceOf(Conflict);
  });
});

/** Renewal invoices of a service, with their periods. */
const renewals = (serviceId: number) =>
  sql<{ id: number; status: string; period_start: string; period_end: string; amount: string }>(
    `select i.id, i.status, l.period_start::text, l.period_end::text, l.amount from invoice i join invoice_line l on l.invoice_id = i.id where l.service_id = ? and l.kind = 'renewal' order by l.period_start, i.id`,
    [serviceId],
  );
const serviceBilling = async (id: number) =>
  (
    await sql<{ status: string; package_id: number; next_due_date: string | null; billed_until: string | null; anchor_day: number | null }>(
      'select status, package_id, next_due_date::text, billed_until::text, anchor_day from service where id = ?',
      [id],
    )
  )[0]!;
/** Confirms a change as previewed that day. */
const change = async (serviceId: number, input: { packageId: number; priceName: string; optionIds?: number[] }, day: string) => {
  const p = await previewServiceChange(em(), { serviceId }, input, at(day));
  return { p, done: await confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p) }, at(day)) };
};
const payRenewal = async (serviceId: number, day: string) => {
  const [open] = (await renewals(serviceId)).filter((r) => r.status === 'unpaid');
  await payInvoice(em(), { invoiceId: open!.id, gateway: 'manual', reference: `renewal-${open!.id}` }, at(day));
};

describe('a change paid after its period was renewed', () => {
  it('is not applied: the change is voided and what was paid for it goes back as account credit', async () => {
    const { serviceId, clientId } = await basicService();
    const { done } = await change(serviceId, { packageId: s.plus, priceName: 'Monthly' }, '2026-01-20');
    // The client pays the next period's renewal (at the Basic price) first, then the upgrade.
    await runBillingNow(em(), '2026-01-26', at('2026-01-26'));
    await payRenewal(serviceId, '2026-01-27');
    expect((await serviceBilling(serviceId)).next_due_date).toBe('2026-03-01');
    expect(
      await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'manual', reference: `late-${done.invoiceId}` }, at('2026-01-28')),
    ).toBe('paid');

    expect(await serviceBilling(serviceId)).toMatchObject({ package_id: s.basic, next_due_date: '2026-03-01' });
    expect((await serviceRow(serviceId)).price_snapshot.quote?.renewalAmount).toBe('10.0000');
    expect(await sql('select status, applied_at from service_change where id = ?', [done.changeId])).toEqual([
      { status: 'void', applied_at: null },
    ]);
    const [invoice] = await sql<{ status: string; total: string }>('select status, total from invoice where id = ?', [done.invoiceId]);
    expect(invoice!.status).toBe('paid');
    expect(await sql('select credit_balance from client where id = ?', [clientId])).toEqual([{ credit_balance: invoice!.total }]);
    expect(await sql('select amount, currency, invoice_id, reason from credit_entry where client_id = ?', [clientId])).toEqual([
      {
        amount: invoice!.total,
        currency: 'USD',
        invoice_id: done.invoiceId,
        reason: `Returned from invoice #${done.invoiceId}: change #${done.changeId} of service #${serviceId} not applied, its period was renewed first`,
      },
    ]);
    const [event] = await sql<{ note: string; actor: string }>(
      `select note, actor from service_event where service_id = ? and note like 'Change #%'`,
      [serviceId],
    );
    expect(event!.note).toContain(
      `Change #${done.changeId} to Web Plus (Monthly) not applied: invoice #${done.invoiceId} was paid after the period it was priced for (to 2026-02-01) had been renewed`,
    );
    expect(event!.note).toContain('on the account credit');
    expect(await sql(`select count(*)::int as n from outbox where dedupe_key = ?`, [`service-change:${done.changeId}`])).toEqual([
      { n: 0 },
    ]);
    // Reported again, the payment changes nothing more.
    expect(
      await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'manual', reference: `late-${done.invoiceId}` }, at('2026-01-28')),
    ).toBe('already-paid');
    expect(await sql('select count(*)::int as n from credit_entry where client_id = ?', [clientId])).toEqual([{ n: 1 }]);
  });

  it('credits the balance in its own currency when the service is billed in another', async () => {
    const { serviceId, clientId } = await basicService({ orderCurrency: 'EUR' });
    const { done } = await change(serviceId, { packageId: s.plus, priceName: 'Monthly' }, '2026-01-20');
    await runBillingNow(em(), '2026-01-26', at('2026-01-26'));
    await payRenewal(serviceId, '2026-01-27');
    await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'manual', reference: `late-${done.invoiceId}` }, at('2026-01-28'));
    const [invoice] = await sql<{ total: string; currency: string }>('select total, currency from invoice where id = ?', [done.invoiceId]);
    expect(invoice!.currency).toBe('EUR');
    // EUR at 0.92 to the USD balance, rounded to the cent.
    const usd = (Math.round((Number(invoice!.total) / 0.92) * 100) / 100).toFixed(4);
    expect(await sql('select credit_balance from client where id = ?', [clientId])).toEqual([{ credit_balance: usd }]);
    expect(await sql('select amount, currency from credit_entry where client_id = ?', [clientId])).toEqual([
      { amount: usd, currency: 'USD' },
    ]);
    expect((await serviceBilling(serviceId)).package_id).toBe(s.basic);
  });

  it('the daily sweep voids an awaiting change once its service’s due date has moved on, but not a free service’s first term', async () => {
    const { serviceId } = await basicService();
    const { done } = await change(serviceId, { packageId: s.plus, priceName: 'Monthly' }, '2026-01-20');
    const fresh = await basicService();
    await change(fresh.serviceId, { packageId: s.free, priceName: 'Free' }, '2026-01-20');
    const { done: firstTerm } = await change(fresh.serviceId, { packageId: s.basic, priceName: 'Monthly' }, '2026-01-20');
    expect(firstTerm.status).toBe('awaiting_payment');
    await runBillingNow(em(), '2026-01-26', at('2026-01-26'));
    await payRenewal(serviceId, '2026-01-27');
    expect(await voidStaleServiceChanges(em(), '2026-01-27', at('2026-01-27'))).toBe(1);
    expect(await sql('select id, status from service_change where id in (?, ?) order by id', [done.changeId, firstTerm.changeId])).toEqual([
      { id: done.changeId, status: 'void' },
      { id: firstTerm.changeId, status: 'awaiting_payment' },
    ]);
    expect(await sql('select status from invoice where id = ?', [done.invoiceId])).toEqual([{ status: 'void' }]);
    const [event] = await sql<{ note: string }>(`select note from service_event where service_id = ? and note like 'Change #%'`, [
      serviceId,
    ]);
    expect(event!.note).toBe(
      `Change #${done.changeId} to Web Plus cancelled with invoice #${done.invoiceId}: the service’s next period was renewed before it was paid; preview the change again.`,
    );
    expect(await voidStaleServiceChanges(em(), '2026-01-27', at('2026-01-27'))).toBe(0);
    // Leaves nothing awaiting for the other tests' sweeps.
    await payInvoice(
      em(),
      { invoiceId: firstTerm.invoiceId!, gateway: 'manual', reference: `first-${firstTerm.invoiceId}` },
      at('2026-01-27'),
    );
  });
});

describe('moving to a free price', () => {
  it('voids the renewal already invoiced at the old price, so nothing suspends the service, and clears billed_until', async () => {
    const { serviceId } = await basicService();
    await runBillingNow(em(), '2026-01-26', at('2026-01-26'));
    const [renewal] = await renewals(serviceId);
    expect(renewal).toMatchObject({ status: 'unpaid', period_start: '2026-02-01' });
    await change(serviceId, { packageId: s.free, priceName: 'Free' }, '2026-01-27');
    expect(await renewals(serviceId)).toEqual([{ ...renewal, status: 'void' }]);
    expect(await serviceBilling(serviceId)).toMatchObject({
      package_id: s.free,
      next_due_date: null,
      billed_until: null,
      anchor_day: null,
    });
    expect(
      await sql('select count(*)::int as n from service_period where service_id = ? and period_start >= ?', [serviceId, '2026-02-01']),
    ).toEqual([{ n: 0 }]);
    await suspendOverdueServices(em(), '2026-02-04', at('2026-02-07'));
    expect((await serviceBilling(serviceId)).status).toBe('active');
  });

  it('and back to a paid one: the next run bills from the new term’s end, never the months spent free', async () => {
    const { serviceId } = await basicService();
    await runBillingNow(em(), '2026-01-26', at('2026-01-26'));
    await change(serviceId, { packageId: s.free, priceName: 'Free' }, '2026-01-27');
    const { done } = await change(serviceId, { packageId: s.basic, priceName: 'Monthly' }, '2026-05-01');
    await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'manual', reference: `back-${done.invoiceId}` }, at('2026-05-01'));
    expect(await serviceBilling(serviceId)).toMatchObject({
      package_id: s.basic,
      next_due_date: '2026-06-01',
      billed_until: null,
      anchor_day: 1,
    });
    const { runId } = await runBillingNow(em(), '2026-05-28', at('2026-05-28'));
    expect(await sql('select reason from billing_run_failure where run_id = ?', [runId])).toEqual([]);
    expect((await renewals(serviceId)).filter((r) => r.status !== 'void').map((r) => [r.period_start, r.period_end, r.amount])).toEqual([
      ['2026-06-01', '2026-07-01', '10.0000'],
    ]);
  });
});

describe('moving between day/week terms and month/year terms', () => {
  const weeklyToo = async () => {
    const [catalog] = await sql<{ id: number }>('select id from catalog order by id limit 1');
    const weekly = await createPackage(em(), { catalogId: catalog!.id, name: `Web Weekly ${Math.random().toString(36).slice(2, 8)}` });
    await savePrice(em(), weekly.id, undefined, {
      name: 'Weekly',
      type: 'recurring',
      intervalCount: 1,
      period: 'week',
      currency: 'USD',
      price: '3.00',
    });
    await setScalingTargets(em(), weekly.id, { targetIds: [s.basic] });
    return weekly.id;
  };

  it('weekly to monthly anchors the monthly terms on the due date, and the next run bills them with no failure', async () => {
    const weekly = await weeklyToo();
    // Ordered Monday Jan 5 (anchor 5): due Jan 12, a day the 5th is not.
    const { serviceId } = await activeService(em, sql, weekly, '2026-01-05', { priceName: 'Weekly' });
    const { p, done } = await change(serviceId, { packageId: s.basic, priceName: 'Monthly' }, '2026-01-08');
    if (done.invoiceId)
      await payInvoice(em(), { invoiceId: done.invoiceId, gateway: 'manual', reference: `wk-${done.invoiceId}` }, at('2026-01-08'));
    expect(p.snapshot).toMatchObject({ quote: { anchorDay: 12, firstRenewalDate: '2026-01-12' } });
    expect(await serviceBilling(serviceId)).toMatchObject({ package_id: s.basic, next_due_date: '2026-01-12', anchor_day: 12 });
    const { runId } = await runBillingNow(em(), '2026-01-08', at('2026-01-08'));
    expect(await sql('select reason from billing_run_failure where run_id = ?', [runId])).toEqual([]);
    expect((await renewals(serviceId)).map((r) => [r.period_start, r.period_end, r.amount])).toEqual([
      ['2026-01-12', '2026-02-12', '10.0000'],
    ]);
  });

  it('monthly keeps an anchor its due date is on (31 on Feb 28), and the preview’s anchor is what applying writes', async () => {
    const { serviceId } = await activeService(em, sql, s.basic, '2026-01-31');
    expect(await serviceBilling(serviceId)).toMatchObject({ next_due_date: '2026-02-28', anchor_day: 31 });
    const { p } = await change(serviceId, { packageId: s.mini, priceName: 'Monthly' }, '2026-02-10');
    expect(p.snapshot).toMatchObject({ quote: { anchorDay: 31 } });
    expect(await serviceBilling(serviceId)).toMatchObject({ package_id: s.mini, next_due_date: '2026-02-28', anchor_day: 31 });
  });
});

describe('confirming what the client saw', () => {
  it('the same net with another total (tax included) or currency than the preview asks for a new preview', async () => {
    const { serviceId } = await basicService();
    const input = { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] };
    const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
    for (const other of [{ expectedTotal: p.net }, { expectedTotal: '5.7700' }, { expectedCurrency: 'EUR' }]) {
      const err = await refusal(
        confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...input, ...confirmFrom(p), ...other }, at('2026-01-17')),
      );
      expect(err, JSON.stringify(other)).toBeInstanceOf(Conflict);
      expect((err as Error).message).toBe('The amounts changed since your preview; please review the new preview.');
    }
    const { expectedTotal: _omitted, ...withoutTotal } = { ...input, ...confirmFrom(p) };
    expect(
      Object.keys(
        ((await refusal(confirmServiceChange(em(), { serviceId, actor: 'client' }, withoutTotal, at('2026-01-17')))) as DomainError).fields,
      ),
    ).toEqual(['expectedTotal']);
    expect(await sql('select count(*)::int as n from service_change where service_id = ?', [serviceId])).toEqual([{ n: 0 }]);
  });
});

describe('two confirmations of one service at once', () => {
  const awaiting = (serviceId: number) =>
    sql<{ id: number; invoice_id: number }>(
      `select id, invoice_id from service_change where service_id = ? and status = 'awaiting_payment'`,
      [serviceId],
    );

  it('one that waited while the other confirmed refuses with a Conflict, leaving the other change (and its invoice) alone', async () => {
    const { serviceId, clientId } = await basicService();
    const plus = { packageId: s.plus, priceName: 'Monthly' };
    const pro = { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] };
    const pPlus = await previewServiceChange(em(), { serviceId }, plus, at('2026-01-17'));
    const pPro = await previewServiceChange(em(), { serviceId }, pro, at('2026-01-17'));
    let second: Promise<unknown> | undefined;
    const first = await em().transactional(async (tx) => {
      // Holds the client lock, so the second confirmation reads no awaiting change and then waits.
      await tx.getConnection().execute('select id from client where id = ? for update', [clientId], 'all', tx.getTransactionContext());
      second = confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...pro, ...confirmFrom(pPro) }, at('2026-01-17')).then(
        (v) => v,
        (e: Error) => e,
      );
      for (let i = 0; i < 200; i++) {
        const [w] = await sql<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      return confirmServiceChange(tx, { serviceId, actor: 'client' }, { ...plus, ...confirmFrom(pPlus) }, at('2026-01-17'));
    });
    const err = await second;
    expect(err).toBeInstanceOf(Conflict);
    expect((err as Error).message).toBe('Another change was confirmed meanwhile; please review it.');
    expect(await awaiting(serviceId)).toEqual([{ id: first.changeId, invoice_id: first.invoiceId }]);
    expect(await sql('select status from invoice where id = ?', [first.invoiceId])).toEqual([{ status: 'unpaid' }]);
  });

  it('racing freely: exactly one change awaits payment, and the other call either followed it or got a Conflict', async () => {
    for (let round = 0; round < 4; round++) {
      const { serviceId } = await basicService();
      const plus = { packageId: s.plus, priceName: 'Monthly' };
      const pro = { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] };
      const pPlus = await previewServiceChange(em(), { serviceId }, plus, at('2026-01-17'));
      const pPro = await previewServiceChange(em(), { serviceId }, pro, at('2026-01-17'));
      const results = await Promise.allSettled([
        confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...plus, ...confirmFrom(pPlus) }, at('2026-01-17')),
        confirmServiceChange(em(), { serviceId, actor: 'client' }, { ...pro, ...confirmFrom(pPro) }, at('2026-01-17')),
      ]);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(Conflict);
      const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
        changeId: number;
        invoiceId: number | null;
      }>[];
      expect(ok.length).toBeGreaterThanOrEqual(1);
      const rows = await awaiting(serviceId);
      expect(rows).toHaveLength(1);
      // The one awaiting is the last to succeed; any earlier one was voided with its invoice.
      expect(ok.map((r) => r.value.changeId)).toContain(rows[0]!.id);
      for (const r of ok.filter((x) => x.value.changeId !== rows[0]!.id))
        expect(await sql('select status from invoice where id = ?', [r.value.invoiceId])).toEqual([{ status: 'void' }]);
    }
  });
});
