import { describe, expect, it } from 'vitest';
import { quote } from '../../../../../src/modules/pricing/rules/quote.ts';
import { lineWords } from '../../../../../src/modules/pricing/rules/line-words.ts';
import { discountLabel } from '../../../../../src/modules/coupons/rules/discount.ts';
import { changeLines } from '../../../../../src/modules/scaling/rules/change-lines.ts';
import { scaleService } from '../../../../../src/modules/pricing/rules/scaling.ts';
import { fromDecimalString as u } from '../../../../../src/modules/shared/money.ts';
import { input, os, price, proRata, WINDOWS } from './quote-fixtures.ts';

// The words of invoice lines follow the buyer's language; the amounts never do.

describe('invoice lines in the buyer’s language', () => {
  it('an order: the price, its setup fee and an option’s, in German with German dates; the same amounts as in English', () => {
    const en = quote(input({ variants: [os(WINDOWS)] }), '2025-01-10');
    const de = quote(input({ variants: [os(WINDOWS)], language: 'de' }), '2025-01-10');
    expect(de.lines.map((l) => l.description)).toEqual([
      'Hosting Basic (Monthly), 10.01.2025 bis 09.02.2025',
      'Hosting Basic (Monthly), Einrichtungsgebühr',
      'Operating system: Windows',
      'Operating system: Windows, Einrichtungsgebühr',
    ]);
    expect(en.lines.map((l) => l.description)).toEqual([
      'Hosting Basic (Monthly), 2025-01-10 to 2025-02-09',
      'Hosting Basic (Monthly) setup fee',
      'Operating system: Windows',
      'Operating system: Windows setup fee',
    ]);
    expect(de.lines.map((l) => l.amount)).toEqual(en.lines.map((l) => l.amount));
    expect(de.total).toBe(en.total);
  });

  it('pro rata and the extra term past the cutoff, and a custom price', () => {
    const monthly30 = [price({ name: 'Monthly', currency: 'USD', price: '30.0000' })];
    const de = quote(input({ prices: monthly30, proRata: proRata(1, 20), language: 'de' }), '2025-01-25');
    expect(de.lines.map((l) => l.description)).toEqual([
      'Hosting Basic (Monthly), anteilig 25.01.2025 bis 31.01.2025 (7/31 Tage)',
      'Hosting Basic (Monthly), 01.02.2025 bis 28.02.2025',
    ]);
    const custom = quote(input({ prices: monthly30, customPrice: u('20'), language: 'de' }), '2025-01-10');
    expect(custom.lines[0]!.description).toBe('Hosting Basic (Monthly, individueller Preis), 10.01.2025 bis 09.02.2025');
  });

  it('a coupon’s line: percent and fixed amounts as each language writes them', () => {
    const percent = { code: 'WELCOME', kind: 'percent' as const, percent: '15.5000', amounts: {} };
    const fixed = { code: 'SAVE', kind: 'fixed' as const, percent: null, amounts: { EUR: '1234.5000' } };
    expect(discountLabel(percent, 'EUR', 'VPS')).toBe('Coupon WELCOME (15.5% off): VPS');
    expect(discountLabel(percent, 'EUR', 'VPS', lineWords('de'))).toBe('Gutschein WELCOME (15,5 % Rabatt): VPS');
    expect(discountLabel(fixed, 'EUR')).toBe('Coupon SAVE (1234.50 EUR off)');
    expect(discountLabel(fixed, 'EUR', undefined, lineWords('de'))).toBe('Gutschein SAVE (1.234,50 EUR Rabatt)');
  });

  it('a package change: the credit for the unused days and the charge for the new package', () => {
    const period = { start: '2026-01-01', end: '2026-02-01' };
    const result = scaleService(
      { oldAmount: u('10'), newAmount: u('20'), newTerm: { intervalCount: 1, period: 'month' }, period, anchorDay: 1 },
      '2026-01-17',
    );
    const base = {
      from: { packageName: 'Basic', priceName: 'Monthly', options: ['2 GB'] },
      to: { packageName: 'Pro', priceName: 'Monthly' },
      period,
      today: '2026-01-17',
      result,
      credits: true,
      taxable: true,
      taxRate: '19',
      minorUnits: 2,
    };
    expect(changeLines(base).lines.map((l) => l.description)).toEqual([
      'Unused Basic (Monthly) with 2 GB, 2026-01-17 to 2026-01-31 (15/31 days)',
      'Pro (Monthly), 2026-01-17 to 2026-01-31 (15/31 days)',
    ]);
    expect(changeLines({ ...base, words: lineWords('de') }).lines.map((l) => l.description)).toEqual([
      'Nicht genutzt: Basic (Monthly) mit 2 GB, 17.01.2026 bis 31.01.2026 (15/31 Tage)',
      'Pro (Monthly), 17.01.2026 bis 31.01.2026 (15/31 Tage)',
    ]);
  });

  it('a span is written from its first to its last day, both included; a one-day span as that day', () => {
    const en = lineWords('en');
    // December: the rules hold it as 2026-12-01 up to the next period's start, 2027-01-01.
    expect(en.period('VPS', '2026-12-01', '2027-01-01')).toBe('VPS, 2026-12-01 to 2026-12-31');
    expect(en.period('VPS', '2026-12-01', '2026-12-02')).toBe('VPS, 2026-12-01');
    expect(lineWords('de').period('VPS', '2026-12-01', '2026-12-02')).toBe('VPS, 01.12.2026');
    // 28 days written, 28 counted: Dec 4 to Dec 31.
    expect(en.proRata('VPS', '2026-12-04', '2027-01-01', 28, 31)).toBe('VPS, pro rata 2026-12-04 to 2026-12-31 (28/31 days)');
  });

  it('a cancellation fee', () => {
    expect(lineWords().cancellationFee(12)).toBe('Cancellation fee for service #12');
    expect(lineWords('de').cancellationFee(12)).toBe('Kündigungsgebühr für Dienst #12');
  });
});
