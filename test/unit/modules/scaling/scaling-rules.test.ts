import { describe, expect, it } from 'vitest';
import { scaleService } from '../../../../src/modules/pricing/rules/scaling.ts';
import { changeLines } from '../../../../src/modules/scaling/rules/change-lines.ts';
import { amountForPeriod, anchorFrom, convertBetween, currentPeriod } from '../../../../src/modules/scaling/rules/current-period.ts';
import { fromDecimalString as u, toDecimalString as d } from '../../../../src/modules/shared/money.ts';

const monthly = { intervalCount: 1, period: 'month' } as const;

describe('the period a change is priced over', () => {
  it.each([
    [
      'a ledger row ending on the due date is the period',
      { start: '2026-01-01', end: '2026-02-01' },
      '2026-02-01',
      1,
      { start: '2026-01-01', end: '2026-02-01' },
    ],
    [
      'a pro rata stub from the ledger stays a stub',
      { start: '2026-01-10', end: '2026-02-01' },
      '2026-02-01',
      1,
      { start: '2026-01-10', end: '2026-02-01' },
    ],
    ['no ledger row: one term back from the due date', null, '2026-02-01', 1, { start: '2026-01-01', end: '2026-02-01' }],
    ['no ledger row, anchor 31, due Mar 31: back to Feb 28', null, '2026-03-31', 31, { start: '2026-02-28', end: '2026-03-31' }],
    ['no ledger row, anchor 31, due Feb 28: back to Jan 31', null, '2026-02-28', 31, { start: '2026-01-31', end: '2026-02-28' }],
    [
      'the next period paid early: from the ledger start to the due date',
      { start: '2026-01-01', end: '2026-02-01' },
      '2026-03-01',
      1,
      { start: '2026-01-01', end: '2026-03-01' },
    ],
    [
      'a ledger row past the due date is not the paid period',
      { start: '2026-01-01', end: '2026-03-01' },
      '2026-02-01',
      1,
      { start: '2026-01-01', end: '2026-02-01' },
    ],
  ] as const)('%s', (_name, ledger, nextDueDate, anchorDay, expected) => {
    expect(currentPeriod({ ledger, nextDueDate, anchorDay, oldTerm: monthly })).toEqual(expected);
  });

  it('counts terms from the service anchor when the start is on it, else from the start itself', () => {
    expect(anchorFrom('2026-02-28', 31)).toBe(31);
    expect(anchorFrom('2026-01-10', 1)).toBe(10);
    expect(anchorFrom('2026-01-10', null)).toBe(10);
  });
});

describe('what the old price paid for the period', () => {
  it('is the per-term amount when the period is one term (Feb 28 to Mar 31 on anchor 31 is one month)', () => {
    expect(amountForPeriod(u('10'), { start: '2026-02-28', end: '2026-03-31' }, 31, monthly)).toBe(u('10'));
  });

  it('is the daily rate times the days for a stub, so a stub is never credited as a whole term', () => {
    // 22 days of a 31-day month at 10 a month.
    expect(d(amountForPeriod(u('10'), { start: '2026-01-10', end: '2026-02-01' }, 1, monthly))).toBe('7.0968');
    const r = scaleService(
      {
        oldAmount: amountForPeriod(u('10'), { start: '2026-01-10', end: '2026-02-01' }, 1, monthly),
        newAmount: 0n,
        newTerm: monthly,
        period: { start: '2026-01-10', end: '2026-02-01' },
        anchorDay: 10,
      },
      '2026-01-30',
    );
    expect(d(r.credit)).toBe('-0.6452'); // 2 days of 10/31
  });

  it('prices two months paid in advance at the monthly rate (59 days of 10 a month from Jan 1)', () => {
    expect(d(amountForPeriod(u('10'), { start: '2026-01-01', end: '2026-03-01' }, 1, monthly))).toBe('19.0323');
  });

  it('prices a yearly price over a one-month period at its daily rate', () => {
    expect(d(amountForPeriod(u('200'), { start: '2026-01-01', end: '2026-02-01' }, 1, { intervalCount: 1, period: 'year' }))).toBe(
      '16.9863',
    );
  });
});

describe('converting a credit between store currencies', () => {
  it.each([
    ['EUR to USD', '2.67', '0.92', '1', '2.9022'],
    ['USD to EUR', '10', '1', '0.92', '9.2000'],
    ['EUR to JPY', '1', '0.92', '150.5', '163.5870'],
    ['same rate', '4.5', '0.92', '0.92', '4.5000'],
  ])('%s', (_name, amount, from, to, expected) => {
    expect(d(convertBetween(u(amount), from, to))).toBe(expected);
  });

  it('refuses a zero or malformed rate', () => {
    expect(() => convertBetween(u('1'), '0', '1')).toThrow(RangeError);
    expect(() => convertBetween(u('1'), '1.123456789', '1')).toThrow(RangeError);
  });
});

describe('the lines and totals of a change', () => {
  const base = {
    from: { packageName: 'Basic', priceName: 'Monthly' },
    to: { packageName: 'Pro', priceName: 'Monthly' },
    period: { start: '2026-01-01', end: '2026-02-01' },
    today: '2026-01-17',
    credits: true,
    taxable: true,
    taxRate: '19',
    minorUnits: 2,
  };
  const scaled = (oldAmount: string, newAmount: string) =>
    scaleService({ oldAmount: u(oldAmount), newAmount: u(newAmount), newTerm: monthly, period: base.period, anchorDay: 1 }, '2026-01-17');

  it('taxes a positive net on its rounded subtotal', () => {
    const t = changeLines({ ...base, result: scaled('10', '20') });
    expect([d(t.subtotal), d(t.tax), d(t.total), t.outcome, t.taxRate]).toEqual(['4.8400', '0.9200', '5.7600', 'invoice', '19']);
    expect(t.lines.map((l) => [l.kind, l.amount, l.taxable])).toEqual([
      ['upgrade-credit', '-4.8387', true],
      ['upgrade-charge', '9.6774', true],
    ]);
  });

  it('credits a negative net untaxed, rounded to the currency', () => {
    const t = changeLines({ ...base, result: scaled('10', '4') });
    expect([d(t.subtotal), d(t.tax), d(t.total), t.outcome, t.taxRate]).toEqual(['-2.9000', '0.0000', '-2.9000', 'credit', null]);
    expect(t.lines.every((l) => !l.taxable)).toBe(true);
  });

  it('does nothing for a net that rounds to zero, either way', () => {
    expect(changeLines({ ...base, result: scaled('10', '10.0010') }).outcome).toBe('none');
    expect(changeLines({ ...base, result: scaled('10.0010', '10') }).outcome).toBe('none');
  });

  it('does not tax a package that is not taxable, and rounds JPY to whole units', () => {
    const t = changeLines({ ...base, taxable: false, minorUnits: 0, result: scaled('1000', '2000') });
    expect([d(t.subtotal), d(t.tax), d(t.total)]).toEqual(['484.0000', '0.0000', '484.0000']);
  });
});
