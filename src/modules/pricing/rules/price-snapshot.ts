import { z } from 'zod';
import { PERIODS, PRICE_TYPES } from '../../catalog/rules/constants.ts';

// The price snapshot: what a service was sold at, copied when it is ordered (an order line's
// snapshot, then the service's) or when its package changes (a change's new snapshot). Renewals,
// cancellation fees, package changes and the service pages all read it, so it has one schema,
// written in one place (priceSnapshotOf) and parsed wherever it is read (parsePriceSnapshot).
//
// NOTE (versions): `v` is 1 for every snapshot written since it was declared; snapshots stored
// before carry no `v` and are version 1 too. A later shape gets `v: 2` and a branch here that
// reads 1 into 2, so stored snapshots never need rewriting.
// NOTE (leniency): every field is optional as stored data goes: a snapshot missing what renewals
// need is reported by them as a failure of that one service (renewalProblem), never a crash of
// the batch. Types are checked: a field of the wrong type fails the parse.

const amount = z.string().regex(/^-?\d+(\.\d{1,4})?$/, 'an amount with up to 4 decimals');
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-01-31');

export const snapshotPrice = z.object({
  id: z.number().int().optional(),
  name: z.string().optional(),
  type: z.enum(PRICE_TYPES).optional(),
  intervalCount: z.number().int().positive().nullable().optional(),
  period: z.enum(PERIODS).nullable().optional(),
  currency: z.string().length(3).nullable().optional(),
  price: amount.optional(),
  renewalPrice: amount.nullable().optional(),
  setupFee: amount.optional(),
  cancellationFee: amount.optional(),
  cancelAtEndOfTerm: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

export const snapshotQuoteLine = z.object({
  kind: z.string().optional(),
  description: z.string().optional(),
  unitAmount: amount.optional(),
  quantity: z.number().int().positive().nullable().optional(),
  amount: amount.optional(),
  taxable: z.boolean().optional(),
});

export const snapshotQuote = z.object({
  currency: z.string().length(3).nullable().optional(),
  lines: z.array(snapshotQuoteLine).optional(),
  subtotal: amount.optional(),
  tax: amount.optional(),
  total: amount.optional(),
  taxRate: amount.nullable().optional(),
  renewalAmount: amount.nullable().optional(),
  periodStart: calendarDate.optional(),
  periodEnd: calendarDate.nullable().optional(),
  firstRenewalDate: calendarDate.nullable().optional(),
  anchorDay: z.number().int().min(1).max(31).nullable().optional(),
});

export const priceSnapshot = z.object({
  v: z.literal(1).optional(),
  priceName: z.string().optional(),
  optionIds: z.array(z.number().int()).optional(),
  /** Each quantity option group's number and each text option group's value, by group id. */
  optionQuantities: z.record(z.string(), z.number().int()).optional(),
  optionTexts: z.record(z.string(), z.string()).optional(),
  price: snapshotPrice.nullable().optional(),
  quote: snapshotQuote.nullable().optional(),
  /** Staff's custom price (per unit, before options), which the quote's renewal amount already holds; shown as "custom". */
  customPrice: amount.optional(),
  /** Staff started the service without an invoice: its first period, up to this date, was never billed. */
  unbilledUntil: calendarDate.optional(),
});

export type PriceSnapshot = z.infer<typeof priceSnapshot>;
export type SnapshotPrice = z.infer<typeof snapshotPrice>;
export type SnapshotQuote = z.infer<typeof snapshotQuote>;

export class BadSnapshot extends Error {}

/** Reads a stored snapshot (null or absent reads as empty). Throws BadSnapshot on a field of the wrong type. */
export function parsePriceSnapshot(raw: unknown): PriceSnapshot {
  const parsed = priceSnapshot.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw new BadSnapshot(
    `The price snapshot is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`,
  );
}

/** The one place a snapshot is written: the price chosen, the options, and the quote it was sold at. */
export function priceSnapshotOf(input: {
  priceName: string;
  optionIds: readonly number[];
  optionQuantities?: Readonly<Record<string, number>>;
  optionTexts?: Readonly<Record<string, string>>;
  price: SnapshotPrice | null;
  quote: SnapshotQuote;
  customPrice?: string;
  unbilledUntil?: string;
}): PriceSnapshot {
  const snapshot: PriceSnapshot = {
    v: 1,
    priceName: input.priceName,
    optionIds: [...input.optionIds],
    price: input.price,
    quote: input.quote,
  };
  if (input.optionQuantities && Object.keys(input.optionQuantities).length) snapshot.optionQuantities = { ...input.optionQuantities };
  if (input.optionTexts && Object.keys(input.optionTexts).length) snapshot.optionTexts = { ...input.optionTexts };
  if (input.customPrice !== undefined) snapshot.customPrice = input.customPrice;
  if (input.unbilledUntil !== undefined) snapshot.unbilledUntil = input.unbilledUntil;
  return snapshot;
}

/** One unit's renewal: the snapshot's renewal covers every unit of its order line. */
export function unitsOf(snapshot: PriceSnapshot): number {
  return Math.max(1, snapshot.quote?.lines?.[0]?.quantity ?? 1);
}

/** What the snapshot bills in: the quote's currency, else the price's. */
export function currencyOf(snapshot: PriceSnapshot): string | null {
  return snapshot.quote?.currency ?? snapshot.price?.currency ?? null;
}

/**
 * The same fields read in SQL, for set-based statements over many services (the renewal scan,
 * the billing preview, lists), where parsing each row's whole snapshot in JavaScript would cost
 * more than the statement. `col` is the snapshot column, e.g. `s.price_snapshot`.
 */
export const snapshotSql = (col: string) => ({
  priceName: `${col}->>'priceName'`,
  priceType: `${col}->'price'->>'type'`,
  intervalCount: `${col}->'price'->>'intervalCount'`,
  period: `${col}->'price'->>'period'`,
  priceCurrency: `${col}->'price'->>'currency'`,
  cancellationFee: `${col}->'price'->>'cancellationFee'`,
  renewalAmount: `${col}->'quote'->>'renewalAmount'`,
  currency: `${col}->'quote'->>'currency'`,
  quantity: `${col}->'quote'->'lines'->0->>'quantity'`,
  /** The parts renewals read, as a jsonb object of the snapshot's own shape. */
  renewalParts: `jsonb_build_object('price', ${col}->'price', 'quote', jsonb_build_object('renewalAmount', ${col}->'quote'->'renewalAmount', 'currency', ${col}->'quote'->'currency', 'lines', jsonb_build_array(jsonb_build_object('quantity', ${col}->'quote'->'lines'->0->'quantity'))))`,
});
