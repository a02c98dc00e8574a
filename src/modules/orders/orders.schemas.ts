import { z } from 'zod';
import { currencyCode, id, int, text } from '../shared/fields.ts';

/** What a client (or staff for a client) chooses on a package page; the quote and checkout share it. */
export const orderChoiceInput = z.object({
  packageId: id,
  priceName: text('a pricing option', 60),
  /** The chosen option of each variant group. */
  optionIds: z.preprocess((v) => (v === undefined || v === null || v === '' ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')), z.array(id).max(50, 'Too many options.')),
  quantity: int(1, 100, 'a quantity from 1 to 100').default(1),
  currency: currencyCode.optional(),
});
export type OrderChoice = z.infer<typeof orderChoiceInput>;

export const quoteRequestInput = orderChoiceInput.extend({
  clientId: id.optional(),
  /** Staff may preview or back-date an order. */
  orderDate: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.')
      .refine((d) => d >= '1970-01-01' && d <= '2199-12-31', 'Use a date between 1970 and 2199.')
      .optional(),
  ),
  country: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as DE.').optional()),
  /** Quotes the package as an add-on of this running service of `clientId`: charged to its next due date, today. */
  parentServiceId: id.optional(),
});

export const placeOrderInput = orderChoiceInput.extend({
  clientId: id,
  /** Orders the package as an add-on of this running service of the client (co-termed with it). */
  parentServiceId: id.optional(),
  /** The total the buyer was shown (a preview's); checkout refuses to charge a different one. */
  expectedTotal: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{1,15}\.\d{4}$/, 'Preview the order again.').optional()),
});

/** An add-on for a client's running service: the service and what is added to it. */
export const addonChoiceInput = orderChoiceInput.omit({ currency: true }).extend({ clientId: id, parentServiceId: id });
