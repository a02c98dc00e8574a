import { describe, expect, it } from 'vitest';
import { renewalProblem, renewalsUntil } from '../../../../src/modules/billing/rules/renewal.ts';
import { groupRenewals, type BilledPeriod } from '../../../../src/modules/billing/rules/group-renewals.ts';
import { splitIntoBatches } from '../../../../src/modules/billing/rules/split-batches.ts';

const snap = (period: 'day' | 'week' | 'month' | 'year', intervalCount = 1, renewalAmount = '10.0000') => ({
  price: { type: 'recurring' as const, intervalCount, period },
  quote: { renewalAmount, currency: 'USD', lines: [{ quantity: 1 }] },
});

describe('renewalsUntil', () => {
  it('bills only the period starting by the horizon when the scan is on time', () => {
    expect(renewalsUntil(snap('month'), '2026-03-31', 31, '2026-03-31', null).map((r) => [r.periodStart, r.periodEnd])).toEqual([
      ['2026-03-31', '2026-04-30'],
    ]);
    expect(renewalsUntil(snap('month'), '2026-04-01', 1, '2026-03-31', null)).toEqual([]);
  });

  it('catches up every missed period, chained on the anchor (31 never drifts to the 28th)', () => {
    const r = renewalsUntil(snap('month'), '2026-01-31', 31, '2026-05-31', null);
    expect(r.map((x) => x.periodStart)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
    expect(r[r.length - 1]!.periodEnd).toBe('2026-06-30');
  });

  it('without a stored anchor, the first start sets it once: no drift to the 28th', () => {
    expect(renewalsUntil(snap('month'), '2026-01-31', null, '2026-03-31', null).map((r) => r.periodEnd)).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });

  it('daily terms catch up day by day; weekly by seven days', () => {
    expect(renewalsUntil(snap('day', 1), '2026-01-01', null, '2026-01-03', null)).toHaveLength(3);
    expect(renewalsUntil(snap('week', 2), '2026-01-01', null, '2026-01-20', null).map((r) => r.periodEnd)).toEqual([
      '2026-01-15',
      '2026-01-29',
    ]);
  });

  it('stops before the cancellation date, and at the safety cap', () => {
    expect(renewalsUntil(snap('month'), '2026-01-10', 10, '2026-06-10', '2026-03-10').map((r) => r.periodStart)).toEqual([
      '2026-01-10',
      '2026-02-10',
    ]);
    expect(renewalsUntil(snap('day'), '2020-01-01', null, '2026-01-01', null, 5)).toHaveLength(5);
  });

  it('names what is wrong with a recurring snapshot it cannot renew', () => {
    expect(
      renewalProblem({ price: { type: 'recurring' as const, intervalCount: 1, period: 'month' }, quote: { currency: 'USD' } }),
    ).toMatch(/renewal amount/);
    expect(renewalProblem({ price: { type: 'recurring' as const, intervalCount: null, period: null } })).toMatch(/no term/);
    expect(renewalProblem({ price: { type: 'onetime' as const, intervalCount: null, period: null } })).toBeNull();
    expect(renewalProblem(snap('month'))).toBeNull();
  });
});

const period = (o: Partial<BilledPeriod>): BilledPeriod => ({
  serviceId: 1,
  clientId: 1,
  periodStart: '2026-02-01',
  periodEnd: '2026-03-01',
  amount: '0.3333',
  currency: 'USD',
  description: 'x',
  taxable: true,
  taxRate: '19.0000',
  minorUnits: 2,
  ...o,
  billedWith: o.billedWith ?? o.serviceId ?? 1,
});

describe('groupRenewals', () => {
  const periods = [
    period({ serviceId: 1 }),
    period({ serviceId: 2 }),
    period({ serviceId: 3 }),
    period({ serviceId: 4, periodStart: '2026-02-02' }),
    period({ serviceId: 5, currency: 'EUR' }),
    period({ serviceId: 6, clientId: 2 }),
  ];

  it('on: one invoice per client, due date and currency, totals rounded after summing', () => {
    const invoices = groupRenewals(periods, true);
    expect(invoices.map((i) => [i.clientId, i.dueDate, i.currency, i.lines.map((l) => l.serviceId)])).toEqual([
      [1, '2026-02-01', 'USD', [1, 2, 3]],
      [1, '2026-02-02', 'USD', [4]],
      [1, '2026-02-01', 'EUR', [5]],
      [2, '2026-02-01', 'USD', [6]],
    ]);
    // 3 × 0.3333 = 0.9999 → 1.00; tax 19% of 1.00 = 0.19.
    expect(invoices[0]!.totals).toMatchObject({ subtotal: 10000n, tax: 1900n, total: 11900n });
  });

  it('off: one invoice per period', () => {
    expect(groupRenewals(periods, false)).toHaveLength(6);
  });

  it('mixed taxable lines tax only the taxable part; untaxed invoices carry no rate', () => {
    const [mixed] = groupRenewals([period({ amount: '10.0000' }), period({ serviceId: 2, amount: '5.0000', taxable: false })], true);
    expect(mixed!.totals).toMatchObject({ subtotal: 150000n, tax: 19000n, total: 169000n });
    const [none] = groupRenewals([period({ taxable: false })], true);
    expect(none!.taxRate).toBeNull();
  });

  it("puts an add-on on its parent's invoice right under it, grouping on or off", () => {
    // Service 1 with add-ons 7 and 9; service 3 alone; 8 is an add-on of 3.
    const withAddons = [
      period({ serviceId: 9, billedWith: 1 }),
      period({ serviceId: 3 }),
      period({ serviceId: 1 }),
      period({ serviceId: 8, billedWith: 3 }),
      period({ serviceId: 7, billedWith: 1 }),
    ];
    expect(groupRenewals(withAddons, true).map((i) => i.lines.map((l) => l.serviceId))).toEqual([[1, 7, 9, 3, 8]]);
    expect(groupRenewals(withAddons, false).map((i) => i.lines.map((l) => l.serviceId))).toEqual([
      [1, 7, 9],
      [3, 8],
    ]);
  });

  it('JPY rounds to whole yen', () => {
    const [yen] = groupRenewals([period({ amount: '100.5000', currency: 'JPY', minorUnits: 0, taxable: false })], true);
    expect(yen!.totals.total).toBe(1010000n);
  });
});

describe('splitIntoBatches', () => {
  it('cuts contiguous ranges by clients and by services', () => {
    const due = [1, 2, 5, 9, 10].map((clientId) => ({ clientId, services: clientId === 5 ? 7 : 1 }));
    expect(splitIntoBatches(due, 2, 100)).toEqual([
      { after: 0, upTo: 2 },
      { after: 2, upTo: 9 },
      { after: 9, upTo: 10 },
    ]);
    expect(splitIntoBatches(due, 100, 5)).toEqual([
      { after: 0, upTo: 5 },
      { after: 5, upTo: 10 },
    ]);
    expect(splitIntoBatches([], 10, 10)).toEqual([]);
  });
});
