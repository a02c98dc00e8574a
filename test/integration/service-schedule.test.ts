import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { loadServiceSchedule } from '../../src/modules/billing/load-service-schedule.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { DomainError, NotFound } from '../../src/modules/shared/errors.ts';
import { billingFixtures } from './billing-runs-fixtures.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;
let pkg: number;
const em = () => db.orm.em.fork();
const NOW = new Date('2026-01-10T08:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  f = billingFixtures(db.orm);
  pkg = await f.basics();
});
afterAll(() => db.drop());

describe('loadServiceSchedule', () => {
  it('lists the next periods on the anchor with invoice dates and amounts, and marks the billed one with its invoice', async () => {
    const client = await f.client('Month End');
    const id = await f.service(client, pkg, { due: '2026-01-31', anchor: 31, amount: '12.5000' });
    const s = await loadServiceSchedule(em(), id, '4', NOW);
    expect(s).toMatchObject({ serviceId: id, status: 'active', nextDueDate: '2026-01-31', invoiceDaysBefore: 7, problem: null });
    expect(s.periods.map((p) => [p.start, p.lastDay, p.end, p.invoiceDate, p.amount, p.currency, p.billed])).toEqual([
      ['2026-01-31', '2026-02-27', '2026-02-28', '2026-01-24', '12.5000', 'USD', false],
      ['2026-02-28', '2026-03-30', '2026-03-31', '2026-02-21', '12.5000', 'USD', false],
      ['2026-03-31', '2026-04-29', '2026-04-30', '2026-03-24', '12.5000', 'USD', false],
      ['2026-04-30', '2026-05-30', '2026-05-31', '2026-04-23', '12.5000', 'USD', false],
    ]);
    expect((await loadServiceSchedule(em(), id, undefined, NOW)).periods).toHaveLength(12);

    // The run on the 24th bills the first period; the schedule now points at its invoice.
    const billedAt = new Date('2026-01-24T06:00:00Z');
    await runBillingNow(em(), '2026-01-24', billedAt);
    const after = await loadServiceSchedule(em(), id, 2, new Date('2026-01-25T00:00:00Z'));
    const [invoice] = await f.sql<{ invoice_id: number; number: string }>(
      `select sp.invoice_id, i.number from service_period sp join invoice i on i.id = sp.invoice_id where sp.service_id = ? and sp.period_start = '2026-01-31'`,
      [id],
    );
    // Named by its number, as the client knows it.
    expect(invoice!.number).toMatch(/^INV-\d{4}-\d{4}$/);
    expect(after.periods[0]).toMatchObject({
      start: '2026-01-31',
      billed: true,
      invoiceId: invoice!.invoice_id,
      invoiceNumber: invoice!.number,
      invoiceDate: '2026-01-24',
    });
    expect(after.periods[1]).toMatchObject({
      start: '2026-02-28',
      billed: false,
      invoiceId: null,
      invoiceNumber: null,
      invoiceDate: '2026-02-21',
    });
  });

  it('adds the add-ons renewing on the same invoice, each for as long as it renews', async () => {
    const client = await f.client('With Add-ons');
    const parent = await f.service(client, pkg, { due: '2026-02-15', amount: '20.0000' });
    const backup = await f.service(client, pkg, { due: '2026-02-15', amount: '3.5000' });
    const ip = await f.service(client, pkg, { due: '2026-02-15', amount: '2.0000', cancelAt: '2026-03-15' });
    const gone = await f.service(client, pkg, { due: '2026-02-15', amount: '100.0000', status: 'cancelled' });
    await f.sql('update service set parent_id = ? where id in (?, ?, ?)', [parent, backup, ip, gone]);
    const s = await loadServiceSchedule(em(), parent, 3, NOW);
    // The IP ends on Mar 15: only the first period has it; the cancelled one counts for nothing.
    expect(s.periods.map((p) => [p.start, p.amount, p.withAddons])).toEqual([
      ['2026-02-15', '20.0000', '25.5000'],
      ['2026-03-15', '20.0000', '23.5000'],
      ['2026-04-15', '20.0000', '23.5000'],
    ]);
    // A service without add-ons says none.
    const alone = await f.service(client, pkg, { due: '2026-02-15' });
    expect((await loadServiceSchedule(em(), alone, 1, NOW)).periods[0]!.withAddons).toBeNull();
  });

  it('a period whose invoice day has passed is invoiced today', async () => {
    const id = await f.service(await f.client('Late'), pkg, { due: '2026-01-12' });
    expect((await loadServiceSchedule(em(), id, 1, NOW)).periods[0]!.invoiceDate).toBe('2026-01-10');
  });

  it('stops at cancel_at, and has nothing for ended services', async () => {
    const client = await f.client('Leaving');
    const ending = await f.service(client, pkg, { due: '2026-02-15', cancelAt: '2026-04-15' });
    const s = await loadServiceSchedule(em(), ending, 12, NOW);
    expect(s.periods.map((p) => p.start)).toEqual(['2026-02-15', '2026-03-15']);
    expect(s.cancelAt).toBe('2026-04-15');
    for (const status of ['cancelled', 'terminated']) {
      const gone = await f.service(client, pkg, { due: '2026-02-15', status });
      expect((await loadServiceSchedule(em(), gone, 12, NOW)).periods).toEqual([]);
    }
    const onetime = await f.service(client, pkg, {
      due: '2026-02-15',
      snapshot: { price: { type: 'onetime', intervalCount: null, period: null }, quote: { renewalAmount: null, currency: 'USD' } },
    });
    expect(await loadServiceSchedule(em(), onetime, 12, NOW)).toMatchObject({ periods: [], problem: null });
  });

  it('says why when the due date is off the anchor, instead of failing the page', async () => {
    const id = await f.service(await f.client('Odd'), pkg, { due: '2026-02-15', anchor: 31 });
    const s = await loadServiceSchedule(em(), id, 3, NOW);
    expect(s.periods).toEqual([]);
    expect(s.problem).toContain('not on anchor day 31');
  });

  it('limits a client to their own service and validates the number of periods', async () => {
    const owner = await f.client('Owner');
    const id = await f.service(owner, pkg, { due: '2026-02-01' });
    expect((await loadServiceSchedule(em(), id, 1, NOW, owner)).periods).toHaveLength(1);
    await expect(loadServiceSchedule(em(), id, 1, NOW, await f.client('Stranger'))).rejects.toBeInstanceOf(NotFound);
    await expect(loadServiceSchedule(em(), 999999, 1, NOW)).rejects.toBeInstanceOf(NotFound);
    for (const periods of ['0', '61', 'abc', '2.5', -3]) {
      const err = await loadServiceSchedule(em(), id, periods, NOW).catch((e: unknown) => e);
      expect(err, String(periods)).toBeInstanceOf(DomainError);
      expect((err as DomainError).fields.periods).toBeTruthy();
    }
    expect((await loadServiceSchedule(em(), id, '60', NOW)).periods).toHaveLength(60);
  });
});
