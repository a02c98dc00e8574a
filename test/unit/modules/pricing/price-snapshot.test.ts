import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BadSnapshot,
  currencyOf,
  parsePriceSnapshot,
  priceSnapshotOf,
  unitsOf,
} from '../../../../src/modules/pricing/rules/price-snapshot.ts';
import { renewalProblem } from '../../../../src/modules/billing/rules/renewal.ts';

// test/fixtures/stored-snapshots.json holds snapshots exactly as the code before the schema
// stored them (no `v`): the demo data's order lines and services, one order per kind of price
// the renewal simulation sells (monthly to 2-yearly, weekly, 10-daily; USD, EUR, JPY; a renewal
// price), and a package change's new snapshot (upgrade credit and charge lines).
const stored = JSON.parse(readFileSync(new URL('../../../fixtures/stored-snapshots.json', import.meta.url), 'utf8')) as {
  orderLines: unknown[];
  services: unknown[];
  changes: unknown[];
};
const all = [...stored.orderLines, ...stored.services, ...stored.changes];

describe('the price snapshot schema', () => {
  it('reads every stored snapshot unchanged: nothing dropped, nothing altered', () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
    for (const raw of all) expect(parsePriceSnapshot(raw)).toEqual(raw);
  });

  it('reads what renewals need from the stored recurring snapshots', () => {
    const recurring = stored.services.map(parsePriceSnapshot).filter((s) => s.price?.type === 'recurring');
    expect(recurring.length).toBeGreaterThanOrEqual(6);
    for (const s of recurring) {
      expect(renewalProblem(s)).toBeNull();
      expect(['USD', 'EUR', 'JPY']).toContain(currencyOf(s));
      expect(unitsOf(s)).toBeGreaterThanOrEqual(1);
    }
  });

  it('writes version 1 from one place, and reads back what it wrote', () => {
    const written = priceSnapshotOf({
      priceName: 'Monthly',
      optionIds: [3],
      price: {
        id: 1,
        name: 'Monthly',
        type: 'recurring',
        intervalCount: 1,
        period: 'month',
        currency: 'USD',
        price: '10.0000',
        renewalPrice: null,
        setupFee: '0.0000',
      },
      quote: {
        currency: 'USD',
        renewalAmount: '10.0000',
        lines: [{ kind: 'price', quantity: 2, amount: '20.0000', unitAmount: '10.0000', description: 'x', taxable: true }],
        periodStart: '2026-01-31',
        anchorDay: 31,
      },
    });
    expect(written.v).toBe(1);
    expect(parsePriceSnapshot(JSON.parse(JSON.stringify(written)))).toEqual(written);
    expect(unitsOf(written)).toBe(2);
  });

  it('reads an empty or missing snapshot as empty (renewals then report the service)', () => {
    expect(parsePriceSnapshot(null)).toEqual({});
    expect(parsePriceSnapshot({})).toEqual({});
    expect(renewalProblem(parsePriceSnapshot({ price: { type: 'recurring', intervalCount: 1, period: 'month' } }))).toBe(
      'The price snapshot has no renewal amount or currency.',
    );
  });

  it.each([
    ['a string term', { price: { type: 'recurring', intervalCount: '1', period: 'month' } }, 'price.intervalCount'],
    ['an unknown period', { price: { type: 'recurring', intervalCount: 1, period: 'fortnight' } }, 'price.period'],
    ['a float amount', { quote: { renewalAmount: 10.5, currency: 'USD' } }, 'quote.renewalAmount'],
    ['five decimals', { quote: { renewalAmount: '1.23456', currency: 'USD' } }, 'quote.renewalAmount'],
    ['a later version it does not know', { v: 2 }, 'v'],
  ])('refuses %s with a message naming the field', (_label, raw, field) => {
    expect(() => parsePriceSnapshot(raw)).toThrow(BadSnapshot);
    expect(() => parsePriceSnapshot(raw)).toThrow(field);
  });
});
