import { describe, expect, it } from 'vitest';
import { quote } from '../../../../../src/modules/pricing/rules/quote.ts';
import { DomainError } from '../../../../../src/modules/shared/errors.ts';
import { fromDecimalString } from '../../../../../src/modules/shared/money.ts';
import { amounts, backups, DAILY_BACKUPS, input, os, price, proRata, totals, UBUNTU, WINDOWS } from './quote-fixtures.ts';

describe('quote: a recurring price without pro rata', () => {
  it('charges the price and the setup fee; renews one term on', () => {
    const q = quote(input(), '2025-01-10');
    expect(q.lines).toEqual([
      {
        kind: 'price',
        description: 'Hosting Basic (Monthly), 2025-01-10 to 2025-02-09',
        unitAmount: '30.0000',
        quantity: 1,
        amount: '30.0000',
        taxable: false,
      },
      {
        kind: 'setup',
        description: 'Hosting Basic (Monthly) setup fee',
        unitAmount: '5.0000',
        quantity: 1,
        amount: '5.0000',
        taxable: false,
      },
    ]);
    expect(q).toMatchObject({
      currency: 'USD',
      subtotal: '35.0000',
      tax: '0.0000',
      total: '35.0000',
      taxRate: null,
      renewalAmount: '30.0000',
      periodStart: '2025-01-10',
      periodEnd: '2025-02-10',
      firstRenewalDate: '2025-02-10',
      anchorDay: 10,
    });
  });

  it.each<[string, string, string, string, number]>([
    // NOTE: ordered on the 31st: the anchor is 31, the first renewal clamps to Feb 28.
    ['ordered Jan 31: renews Feb 28, anchor 31', 'Monthly', '2025-01-31', '2025-02-28', 31],
    ['ordered Jan 31 of a leap year: renews Feb 29', 'Monthly', '2024-01-31', '2024-02-29', 31],
    ['yearly ordered on a leap day: renews Feb 28', 'Annual', '2024-02-29', '2025-02-28', 29],
    ['every 3 months from Nov 30: renews Feb 28', 'Quarterly', '2024-11-30', '2025-02-28', 30],
    ['weekly', 'Weekly', '2025-01-10', '2025-01-17', 10],
  ])('%s', (_label, priceName, today, renews, anchorDay) => {
    expect(quote(input({ priceName }), today)).toMatchObject({ periodEnd: renews, firstRenewalDate: renews, anchorDay });
  });

  it('bills the first term at the price and renews at the renewal price, options included', () => {
    const q = quote(input({ priceName: 'Annual', variants: [os(UBUNTU), backups(DAILY_BACKUPS)] }), '2025-03-01');
    expect(amounts(q)).toEqual([
      ['price', '300.0000'],
      ['variant', '0.0000'],
      ['variant', '25.0000'],
    ]);
    expect(q.renewalAmount).toBe('355.0000');
  });
});

describe("quote: pro rata (DOMAIN.md's example: $30/month, D = 1, C = 20)", () => {
  const monthly30 = [price({ name: 'Monthly', currency: 'USD', price: '30.0000' })];

  it('ordered Jan 10: 21.2903, renews Feb 1', () => {
    // [Jan 10 ──── 22/31 ──── Feb 1)
    const q = quote(input({ prices: monthly30, proRata: proRata(1, 20) }), '2025-01-10');
    expect(q.lines).toEqual([
      {
        kind: 'prorata',
        description: 'Hosting Basic (Monthly), pro rata 2025-01-10 to 2025-01-31 (22/31 days)',
        unitAmount: '21.2903',
        quantity: 1,
        amount: '21.2903',
        taxable: false,
      },
    ]);
    expect(q).toMatchObject({
      total: '21.2900',
      periodEnd: '2025-02-01',
      firstRenewalDate: '2025-02-01',
      anchorDay: 1,
      renewalAmount: '30.0000',
    });
  });

  it('ordered Jan 25 (past C): 7/31 × 30 + 30 = 36.7742, renews Mar 1', () => {
    // [Jan 25 ─7─ Feb 1)[Feb 1 ────── Mar 1)
    const q = quote(input({ prices: monthly30, proRata: proRata(1, 20) }), '2025-01-25');
    expect(q.lines.map((l) => [l.kind, l.description, l.amount])).toEqual([
      ['prorata', 'Hosting Basic (Monthly), pro rata 2025-01-25 to 2025-01-31 (7/31 days)', '6.7742'],
      ['price', 'Hosting Basic (Monthly), 2025-02-01 to 2025-02-28', '30.0000'],
    ]);
    expect(q).toMatchObject({ subtotal: '36.7700', total: '36.7700', periodEnd: '2025-03-01', firstRenewalDate: '2025-03-01' });
  });

  it('prorates options with the same fraction and never the setup fees', () => {
    const q = quote(input({ proRata: proRata(1, 20), variants: [os(WINDOWS), backups(DAILY_BACKUPS)] }), '2025-01-10');
    expect(amounts(q)).toEqual([
      ['prorata', '21.2903'],
      ['setup', '5.0000'],
      ['variant-prorata', '7.0968'], // 10 × 22/31
      ['variant-setup', '15.0000'],
      ['variant-prorata', '1.7742'], // 2.5 × 22/31
    ]);
    expect(q.renewalAmount).toBe('42.5000');
  });

  it('past C, each option gets its stub and its full term', () => {
    const q = quote(input({ proRata: proRata(1, 20), variants: [os(WINDOWS)] }), '2025-01-25');
    expect(amounts(q)).toEqual([
      ['prorata', '6.7742'],
      ['price', '30.0000'],
      ['setup', '5.0000'],
      ['variant-prorata', '2.2581'],
      ['variant', '10.0000'],
      ['variant-setup', '15.0000'],
    ]);
  });

  it.each<[string, string, string, string]>([
    // NOTE: ordered ON D: a whole term from today, no stub.
    ['ordered on D', 'Monthly', '2025-01-01', 'price'],
    // NOTE: day/week periods and one-time prices never prorate.
    ['a weekly price', 'Weekly', '2025-01-10', 'price'],
    ['a one-time price', 'Lifetime', '2025-01-10', 'price'],
    ['a yearly price prorates', 'Annual', '2025-01-10', 'prorata'],
  ])('%s', (_label, priceName, today, firstKind) => {
    expect(quote(input({ priceName, proRata: proRata(1, 20) }), today).lines[0]!.kind).toBe(firstKind);
  });

  it('every 3 months: the stub at the quarter rate, renewals a quarter apart from D', () => {
    // Jan + Feb + Mar 2025 = 90 days; 90 × 22/90 = 22; past C a full quarter [Feb 1, May 1) too.
    expect(amounts(quote(input({ priceName: 'Quarterly', proRata: proRata(1) }), '2025-01-10'))).toEqual([['prorata', '22.0000']]);
    const late = quote(input({ priceName: 'Quarterly', proRata: proRata(1, 20) }), '2025-01-25');
    expect(amounts(late)).toEqual([
      ['prorata', '7.0000'],
      ['price', '90.0000'],
    ]);
    expect(late.firstRenewalDate).toBe('2025-05-01');
  });
});

describe('quote: quantity', () => {
  it('multiplies every line, setup fees once per unit', () => {
    const q = quote(input({ quantity: 3, variants: [os(WINDOWS)] }), '2025-01-10');
    expect(q.lines.map((l) => [l.kind, l.unitAmount, l.quantity, l.amount])).toEqual([
      ['price', '30.0000', 3, '90.0000'],
      ['setup', '5.0000', 3, '15.0000'],
      ['variant', '10.0000', 3, '30.0000'],
      ['variant-setup', '15.0000', 3, '45.0000'],
    ]);
    expect(q.total).toBe('180.0000');
    expect(q.renewalAmount).toBe('120.0000');
  });

  it('rounds each unit to 4 decimals before multiplying (N orders of 1 = 1 order of N)', () => {
    const q = quote(input({ quantity: 3, proRata: proRata(1) }), '2025-01-10');
    expect(q.lines[0]).toMatchObject({ unitAmount: '21.2903', amount: '63.8709' });
  });

  // NOTE: three units at 0.3333 total 1.00, not 0.99: round after totaling.
  it('three units of 0.3333 total 1.00', () => {
    const q = quote(input({ prices: [price({ name: 'Monthly', currency: 'USD', price: '0.3333' })], quantity: 3 }), '2025-01-10');
    expect(totals(q)).toEqual(['1.0000', '0.0000', '1.0000']);
  });

  it('refuses, by the quantity, amounts no invoice can hold (the largest price times many units)', () => {
    const huge = [price({ name: 'Monthly', currency: 'USD', price: '99999999999999.9999' })];
    expect(quote(input({ prices: huge, quantity: 1 }), '2025-01-10').total).toBe('100000000000000.0000');
    expect(() => quote(input({ prices: huge, quantity: 100 }), '2025-01-10')).toThrow(
      expect.objectContaining({ field: 'quantity', message: 'That is more than one invoice can hold: order fewer.' }),
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses quantity %s', (quantity) => {
    expect(() => quote(input({ quantity }), '2025-01-10')).toThrow(expect.objectContaining({ field: 'quantity' }));
  });
});

describe('quote: one-time and free prices', () => {
  it('one-time: price, setup and options once; no renewal', () => {
    const q = quote(input({ priceName: 'Lifetime', variants: [os(WINDOWS)], proRata: proRata(1, 20) }), '2025-01-25');
    expect(amounts(q)).toEqual([
      ['price', '100.0000'],
      ['setup', '10.0000'],
      ['variant', '40.0000'],
      ['variant-setup', '1.0000'],
    ]);
    expect(q).toMatchObject({
      total: '151.0000',
      renewalAmount: null,
      periodStart: '2025-01-25',
      periodEnd: null,
      firstRenewalDate: null,
      anchorDay: null,
    });
  });

  it('free: one zero line, total 0, options not charged nor required', () => {
    // NOTE: Windows has no "Free" price; a free price charges nothing, so that is no refusal.
    const q = quote(input({ priceName: 'Free', variants: [os(WINDOWS)], quantity: 2, taxable: true, taxRate: '19' }), '2025-01-10');
    expect(amounts(q)).toEqual([['price', '0.0000']]);
    expect(q).toMatchObject({ subtotal: '0.0000', tax: '0.0000', total: '0.0000', renewalAmount: null, periodEnd: null, anchorDay: null });
  });
});

describe('quote: reverse charge', () => {
  it('is said on a taxable quote at 0%, and not on an untaxed one', () => {
    const taxed = quote(input({ priceName: 'Free', taxable: true, taxRate: '0', reverseCharge: true }), '2025-01-10');
    expect(taxed).toMatchObject({ taxRate: '0', reverseCharge: true });
    const untaxed = quote(input({ priceName: 'Free', taxable: false, taxRate: '0', reverseCharge: true }), '2025-01-10');
    expect(untaxed.taxRate).toBeNull();
    expect('reverseCharge' in untaxed).toBe(false);
    expect('reverseCharge' in quote(input({ priceName: 'Free', taxable: true, taxRate: '19' }), '2025-01-10')).toBe(false);
  });
});

describe('quote: refusals', () => {
  it('an option without a price for the chosen price name', () => {
    // Windows has no "Annual" price: not orderable yearly, never priced at 0.
    const call = () => quote(input({ priceName: 'Annual', variants: [os(UBUNTU), os(WINDOWS)] }), '2025-01-10');
    expect(call).toThrow(DomainError);
    expect(call).toThrow(
      expect.objectContaining({
        field: 'variants.1',
        message: 'Operating system: Windows is not available with the Annual pricing option.',
      }),
    );
  });

  it('an unknown price name', () => {
    expect(() => quote(input({ priceName: 'Hourly' }), '2025-01-10')).toThrow(expect.objectContaining({ field: 'price' }));
  });

  it('a disabled price', () => {
    const prices = [price({ name: 'Monthly', currency: 'USD', price: '30', enabled: false })];
    expect(() => quote(input({ prices }), '2025-01-10')).toThrow(expect.objectContaining({ field: 'price' }));
  });

  it('a date that is not a calendar date', () => {
    expect(() => quote(input(), '2025-02-30')).toThrow(RangeError);
  });
});

describe('quote: a custom price (staff)', () => {
  it('replaces the price and the renewal price, converted rows included; options and setup fees keep theirs', () => {
    const q = quote(
      input({ priceName: 'Annual', variants: [os(UBUNTU), backups(DAILY_BACKUPS)], customPrice: fromDecimalString('120') }),
      '2025-03-01',
    );
    expect(amounts(q)).toEqual([
      ['price', '120.0000'],
      ['variant', '0.0000'],
      ['variant', '25.0000'],
    ]);
    expect(q.lines[0]!.description).toBe('Hosting Basic (Annual, custom price), 2025-03-01 to 2026-02-28');
    expect(q.renewalAmount).toBe('145.0000');
    const monthly = quote(input({ customPrice: fromDecimalString('0') }), '2025-01-10');
    expect(amounts(monthly)).toEqual([
      ['price', '0.0000'],
      ['setup', '5.0000'],
    ]);
    expect(monthly.renewalAmount).toBe('0.0000');
  });

  it('is prorated like the price it replaces', () => {
    const q = quote(input({ proRata: proRata(1), customPrice: fromDecimalString('15') }), '2025-01-25');
    expect(amounts(q)[0]).toEqual(['prorata', '3.3871']);
  });

  it('is refused for a free price', () => {
    expect(() => quote(input({ priceName: 'Free', customPrice: fromDecimalString('5') }), '2025-01-10')).toThrow(DomainError);
  });
});
