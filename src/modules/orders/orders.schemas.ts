import { z } from 'zod';
import { currencyCode, id, int, optionalCalendarDate, requestKey, text } from '../shared/fields.ts';

/** The number chosen for each quantity option group, by group id ({"12": 4}: four extra IPs). */
export const optionQuantitiesField = z
  .record(z.string().regex(/^\d{1,10}$/, 'Use option group ids as keys.'), int(0, 10_000, 'a whole number of units'), {
    error: 'Give the quantities by option group id.',
  })
  .optional();
/** The value typed for each text option group, by group id ({"14": "web1.example.com"}). */
export const optionTextsField = z
  .record(
    z.string().regex(/^\d{1,10}$/, 'Use option group ids as keys.'),
    z.string({ error: 'Enter text.' }).trim().max(200, 'Use at most 200 characters.'),
    { error: 'Give the texts by option group id.' },
  )
  .optional();

/** What a client (or staff for a client) chooses on a package page; the quote and checkout share it. */
export const orderChoiceInput = z.object({
  packageId: id,
  priceName: text('a pricing option', 60),
  /** The chosen option of each variant group. */
  optionIds: z.preprocess(
    (v): unknown[] => (v === undefined || v === null || v === '' ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
    z.array(id).max(50, 'Too many options.'),
  ),
  quantity: int(1, 100, 'a quantity from 1 to 100').default(1),
  currency: currencyCode.optional(),
  optionQuantities: optionQuantitiesField,
  optionTexts: optionTextsField,
});
export type OrderChoice = z.infer<typeof orderChoiceInput>;

export const quoteRequestInput = orderChoiceInput.extend({
  clientId: id.optional(),
  /** Staff may preview or back-date an order. */
  orderDate: optionalCalendarDate,
  country: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as DE.')
      .optional(),
  ),
  /** Quotes the package as an add-on of this running service of `clientId`: charged to its next due date, today. */
  parentServiceId: id.optional(),
});

/** One line of an order: a package with its choices, or an add-on of a running service or of an earlier line. */
export const orderLineInput = orderChoiceInput.omit({ currency: true }).extend({
  /** Orders the package as an add-on of this running service of the client (co-termed with it). */
  parentServiceId: id.optional(),
  /**
   * Orders the package as an add-on of an earlier line of this order (its index, from 0): billed
   * like that package (same term, same pro rata); `quantity` is per unit of that line.
   */
  parentLine: int(0, 49, 'the index of an earlier line (from 0)').optional(),
});
export type OrderLineInput = z.infer<typeof orderLineInput>;

/** A coupon code as typed (any case); blank is none. */
export const couponCode = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v),
  z.string({ error: 'Enter a coupon code.' }).max(40, 'That code is not valid.').optional(),
);

/** The total the buyer was shown (a preview's), as the form posts it back: 4 decimals. */
export const expectedTotal = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .regex(/^\d{1,15}\.\d{4}$/, 'Preview the order again.')
    .optional(),
);

/**
 * An order for a client: several `lines` (a cart), or one package given inline (the fields of
 * one line at the top level), the original shape.
 */
export const placeOrderInput = orderChoiceInput
  .partial({ packageId: true, priceName: true })
  .extend({
    clientId: id,
    parentServiceId: id.optional(),
    lines: z
      .array(orderLineInput, { error: 'Give the lines as a list.' })
      .min(1, 'Order at least one package.')
      .max(50, 'Order at most 50 lines at once.')
      .optional(),
    /** The total the buyer was shown (a preview's); checkout refuses to charge a different one. */
    expectedTotal,
    couponCode,
    /** Sent twice (a double click, a retried request), one order is placed: the second answers with the first. */
    requestKey: requestKey.describe(
      "Sent again by the same client, answers with the order it placed first (201, that order's invoice and quote as they were), whatever the rest of the body says; another client's key is not theirs",
    ),
  })
  .superRefine((v, ctx) => {
    if (v.lines) {
      if (v.packageId !== undefined || v.priceName !== undefined)
        ctx.addIssue({ code: 'custom', path: ['lines'], message: 'Give either lines or one package, not both.' });
      return;
    }
    if (v.packageId === undefined) ctx.addIssue({ code: 'custom', path: ['packageId'], message: 'Enter an id.' });
    if (v.priceName === undefined) ctx.addIssue({ code: 'custom', path: ['priceName'], message: 'Enter a pricing option.' });
  });
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

/** The order's lines, whichever shape it came in; `single` when it was the one inline package. */
export function orderLinesOf(input: PlaceOrderInput): { lines: OrderLineInput[]; single: boolean } {
  if (input.lines) return { lines: input.lines, single: false };
  const { optionQuantities, optionTexts } = input;
  return {
    lines: [
      {
        packageId: input.packageId!,
        priceName: input.priceName!,
        optionIds: input.optionIds,
        optionQuantities,
        optionTexts,
        quantity: input.quantity,
        parentServiceId: input.parentServiceId,
      },
    ],
    single: true,
  };
}

/** An add-on for a client's running service: the service and what is added to it. */
export const addonChoiceInput = orderChoiceInput.omit({ currency: true }).extend({ clientId: id, parentServiceId: id });
