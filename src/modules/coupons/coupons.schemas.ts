import { z } from 'zod';
import { bool, currencyCode, id, optionalCalendarDate, optionalInt, optionalMoney } from '../shared/fields.ts';
import { parseAmount, toDecimalString } from '../shared/money.ts';
import { COUPON_DURATIONS, COUPON_KINDS, normalizeCode } from './rules/coupon-terms.ts';

// A coupon as staff's form and the API give it; both answer junk with the same sentences.

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** A ticked box from a form, a boolean from JSON; missing takes `fallback` (the API may leave it out). */
const flag = (fallback: boolean) => z.preprocess((v) => (v === undefined ? fallback : v), bool);

/** A percentage above 0 and up to 100, at most 4 decimals, stored as "15.5000". */
const percent = z.preprocess(
  blankToUndefined,
  z
    .unknown()
    .transform((v, ctx) => {
      if (v === undefined) return null;
      const parsed = parseAmount(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.error.replace('amount', 'percentage') });
        return z.NEVER;
      }
      if (parsed.units <= 0n || parsed.units > 1_000_000n) {
        ctx.addIssue({ code: 'custom', message: 'Use a percentage above 0 and up to 100.' });
        return z.NEVER;
      }
      return toDecimalString(parsed.units);
    })
    .meta({ type: ['string', 'null'], description: 'Percent off, above 0 and up to 100, up to 4 decimals.', examples: ['15.5'] }),
);

/** Package ids from checkboxes (a lone value, the blank "none" field) or JSON; any junk is one sentence for the whole list. */
const packageIds = z
  .preprocess(
    (v): unknown[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
    z.array(z.unknown(), { error: 'Choose packages by id.' }).max(1000, 'Choose at most 1000 packages.'),
  )
  .transform((list, ctx) => {
    const ids: number[] = [];
    for (const v of list) {
      const r = id.safeParse(v);
      if (!r.success) {
        ctx.addIssue({ code: 'custom', message: 'Choose packages by id.' });
        return z.NEVER;
      }
      ids.push(r.data);
    }
    return ids;
  })
  .meta({ type: 'array', items: { type: 'integer', minimum: 1 }, description: 'The packages it applies to; empty: every package.' });

export const couponInput = z
  .object({
    code: z.preprocess(
      (v) => (typeof v === 'string' ? normalizeCode(v) : v),
      z
        .string({ error: 'Enter a code.' })
        .min(1, 'Enter a code.')
        .max(40, 'Use at most 40 characters.')
        .regex(/^[A-Z0-9_-]+$/, 'Use letters, digits, - and _ only.'),
    ),
    kind: z.enum(COUPON_KINDS, { error: 'Choose a percentage or a fixed amount.' }),
    percent,
    /** A fixed coupon's amount per currency code; a blank amount is none (that currency gets no discount). */
    amounts: z
      .record(currencyCode, optionalMoney, { error: 'Give amounts by currency code, e.g. {"USD": "5.00"}.' })
      .optional()
      .default({})
      .transform((a) => Object.fromEntries(Object.entries(a).filter((e): e is [string, string] => e[1] !== null && e[1] !== '0.0000'))),
    duration: z.preprocess(
      (v) => v ?? 'once',
      z.enum(COUPON_DURATIONS, { error: 'Choose first invoice only, a number of billing cycles, or forever.' }),
    ),
    cycles: optionalInt(1, 1000, 'a number of billing cycles from 1 to 1000'),
    packageIds,
    startsOn: optionalCalendarDate,
    endsOn: optionalCalendarDate,
    maxUses: optionalInt(1, 1_000_000_000, 'a number of uses'),
    maxUsesPerClient: optionalInt(1, 1_000_000, 'a number of uses'),
    forOrders: flag(true),
    forChanges: flag(false),
    active: flag(true),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'percent' && v.percent === null)
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'Enter the percentage off.' });
    if (v.kind === 'fixed' && !Object.keys(v.amounts).length)
      ctx.addIssue({ code: 'custom', path: ['amounts'], message: 'Enter an amount off in at least one currency.' });
    if (v.duration === 'cycles' && v.cycles === undefined)
      ctx.addIssue({ code: 'custom', path: ['cycles'], message: 'Enter how many billing cycles it discounts.' });
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'End on or after the start date.' });
    if (!v.forOrders && !v.forChanges)
      ctx.addIssue({ code: 'custom', path: ['forOrders'], message: 'Let it apply to new orders, package changes or both.' });
  });
export type CouponInput = z.infer<typeof couponInput>;
