import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { previewBilling, type BillingPreview } from '../../src/modules/billing/preview-billing.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { DomainError } from '../../src/modules/shared/errors.ts';
import { billingFixtures } from './billing-runs-fixtures.ts';

// Timeline (today 2026-03-01, invoices 7 days ahead, a 14-day window up to 03-14):
//   ana  A $10 + B $20 monthly, due 03-05 → invoiced today (03-05 − 7 has passed), one invoice
//   bob  C $5 weekly, due 03-10           → 03-03 (period 03-10) and 03-10 (period 03-17)
//   cy   D €7 monthly, due 03-12          → 03-05
//   eve  I $1 daily, due 03-01            → today for the 8 periods starting 03-01..03-08, then one a day
//   not shown: cancelled at its due date, terminated, pending, already billed ahead, due in May
//   fay  a due date off its anchor        → reported as unbillable

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;
const em = () => db.orm.em.fork();
const NOW = new Date('2026-03-01T10:00:00Z');
let badServiceId: number;

const day = (p: BillingPreview, date: string) => p.perDay.find((d) => d.date === date)!;

beforeAll(async () => {
  db = await createTestDatabase();
  f = billingFixtures(db.orm);
  const pkg = await f.basics();
  const ana = await f.client('Ana');
  await f.service(ana, pkg, { due: '2026-03-05', amount: '10.0000' });
  await f.service(ana, pkg, { due: '2026-03-05', amount: '20.0000' });
  const bob = await f.client('Bob', null);
  await f.service(bob, pkg, { due: '2026-03-10', amount: '5.0000', term: { intervalCount: 1, period: 'week' } });
  const cy = await f.client('Cy');
  await f.service(cy, pkg, { due: '2026-03-12', amount: '7.0000', currency: 'EUR' });
  const dan = await f.client('Dan');
  await f.service(dan, pkg, { due: '2026-03-05', cancelAt: '2026-03-05' });
  await f.service(dan, pkg, { due: '2026-03-05', status: 'terminated' });
  await f.service(dan, pkg, { due: '2026-03-05', status: 'pending' });
  await f.service(dan, pkg, { due: '2026-03-05', billedUntil: '2026-04-05' });
  await f.service(dan, pkg, { due: '2026-05-01' });
  const eve = await f.client('Eve', null);
  await f.service(eve, pkg, { due: '2026-03-01', amount: '1.0000', anchor: null, term: { intervalCount: 1, period: 'day' } });
  const fay = await f.client('Fay');
  badServiceId = await f.service(fay, pkg, { due: '2026-03-15', anchor: 31 });
});
afterAll(() => db.drop());

describe('previewBilling', () => {
  it('shows every day of the window with invoices, services and amounts per currency, tax excluded and included', async () => {
    const p = await previewBilling(em(), undefined, undefined, NOW);
    expect(p).toMatchObject({ from: '2026-03-01', to: '2026-03-14', days: 14, invoiceDaysBefore: 7, groupRenewals: true });
    expect(p.perDay.map((d) => d.date)).toHaveLength(14);
    // Ana's two services share one invoice; Eve's 8 daily periods are 8 invoices (8 due dates).
    expect(day(p, '2026-03-01')).toEqual({
      date: '2026-03-01',
      invoices: 9,
      services: 3,
      periods: 10,
      amounts: [{ currency: 'USD', minorUnits: 2, subtotal: '38.0000', tax: '5.7000', total: '43.7000' }],
    });
    expect(day(p, '2026-03-02')).toMatchObject({
      invoices: 1,
      services: 1,
      amounts: [{ currency: 'USD', subtotal: '1.0000', total: '1.0000' }],
    });
    expect(day(p, '2026-03-03')).toMatchObject({ invoices: 2, services: 2, amounts: [{ currency: 'USD', subtotal: '6.0000' }] });
    expect(day(p, '2026-03-05').amounts).toEqual([
      { currency: 'EUR', minorUnits: 2, subtotal: '7.0000', tax: '1.3300', total: '8.3300' },
      { currency: 'USD', minorUnits: 2, subtotal: '1.0000', tax: '0.0000', total: '1.0000' },
    ]);
    expect(day(p, '2026-03-10')).toMatchObject({ invoices: 2, amounts: [{ currency: 'USD', subtotal: '6.0000' }] });
    expect(day(p, '2026-03-14')).toMatchObject({ invoices: 1, amounts: [{ subtotal: '1.0000' }] });
    expect(p.totals).toEqual([
      { currency: 'EUR', minorUnits: 2, subtotal: '7.0000', tax: '1.3300', total: '8.3300' },
      { currency: 'USD', minorUnits: 2, subtotal: '61.0000', tax: '5.7000', total: '66.7000' },
    ]);
    expect(p.unbillable.count).toBe(1);
    expect(p.unbillable.first[0]!.serviceId).toBe(badServiceId);
  });

  it('counts one invoice per service when grouping is off', async () => {
    await saveBillingSettings(em(), { groupRenewals: '0' });
    try {
      const today = day(await previewBilling(em(), undefined, 1, NOW), '2026-03-01');
      expect(today).toMatchObject({ invoices: 10, services: 3, amounts: [{ subtotal: '38.0000', tax: '5.7000' }] });
    } finally {
      await saveBillingSettings(em(), { groupRenewals: '1' });
    }
  });

  it('follows invoice_days_before', async () => {
    await saveBillingSettings(em(), { invoiceDaysBefore: '0' });
    try {
      const p = await previewBilling(em(), undefined, 14, NOW);
      expect(p.invoiceDaysBefore).toBe(0);
      expect(day(p, '2026-03-05')).toMatchObject({ invoices: 2, services: 3 }); // Ana's shared invoice and Eve's day
      expect(day(p, '2026-03-01')).toMatchObject({ invoices: 1, services: 1 });
    } finally {
      await saveBillingSettings(em(), { invoiceDaysBefore: '7' });
    }
  });

  it('starts at a later day: what is invoiced before it is not in the window', async () => {
    const p = await previewBilling(em(), '2026-03-05', '1', NOW);
    expect(p.perDay).toEqual([
      {
        date: '2026-03-05',
        invoices: 2,
        services: 2,
        periods: 2,
        amounts: [
          { currency: 'EUR', minorUnits: 2, subtotal: '7.0000', tax: '1.3300', total: '8.3300' },
          { currency: 'USD', minorUnits: 2, subtotal: '1.0000', tax: '0.0000', total: '1.0000' },
        ],
      },
    ]);
  });

  it('refuses junk with the field named', async () => {
    for (const [from, days, field] of [
      ['2026-02-30', 7, 'from'],
      ['tomorrow', 7, 'from'],
      [undefined, 0, 'days'],
      [undefined, 91, 'days'],
      [undefined, 'ten', 'days'],
      [undefined, '1.5', 'days'],
    ] as const) {
      const err = await previewBilling(em(), from, days, NOW).catch((e: unknown) => e);
      expect(err, `${from} ${days}`).toBeInstanceOf(DomainError);
      expect(Object.keys((err as DomainError).fields)).toContain(field);
    }
  });

  it('matches what a run as of today then invoices, and drops what it billed', async () => {
    const before = day(await previewBilling(em(), undefined, 2, NOW), '2026-03-01');
    const { runId } = await runBillingNow(em(), '2026-03-01', NOW);
    const invoices = await f.sql<{ currency: string; subtotal: string; tax: string; total: string }>(
      `select i.currency, i.subtotal, i.tax, i.total from invoice i where exists (select 1 from invoice_line l join service_period sp on sp.service_id = l.service_id and sp.period_start = l.period_start where l.invoice_id = i.id)`,
    );
    expect(invoices).toHaveLength(before.invoices);
    const sumOf = (k: 'subtotal' | 'tax' | 'total') => invoices.reduce((a, i) => a + Math.round(Number(i[k]) * 100), 0);
    expect([sumOf('subtotal'), sumOf('tax'), sumOf('total')]).toEqual([3800, 570, 4370]);
    // Fay's service is due after this run's horizon (03-08): the preview warns ahead of the run.
    const [run] = await f.sql<{ invoices: number; failures: number }>('select invoices, failures from billing_run where id = ?', [runId]);
    expect(run).toEqual({ invoices: before.invoices, failures: 0 });
    const after = await previewBilling(em(), undefined, 2, NOW);
    expect(day(after, '2026-03-01')).toMatchObject({ invoices: 0, services: 0, amounts: [] });
    expect(day(after, '2026-03-02')).toMatchObject({ invoices: 1 });
  });
});
