import { z } from 'zod';
import { isCalendarDate } from '../shared/dates.ts';
import { currencyCode, id, signedMoney, text } from '../shared/fields.ts';
import { couponCode, optionQuantitiesField, optionTextsField } from '../orders/orders.schemas.ts';

// What a client, staff or the API send to preview or confirm a move to another package.

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const choiceShape = {
  packageId: id,
  /** The target price by name (as on the package page), or by id with `priceId`. */
  priceName: z.preprocess(blankToUndefined, text('a pricing option', 60).optional()),
  priceId: z.preprocess(blankToUndefined, id.optional()),
  /** The chosen option of each of the target's variant groups. */
  optionIds: z
    .preprocess(
      (v): unknown[] => (v === undefined || v === null || v === '' ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
      z.array(id).max(50, 'Too many options.'),
    )
    .default([]),
  /** Quantity and text options by group id, as on the package page. */
  optionQuantities: optionQuantitiesField,
  optionTexts: optionTextsField,
  /** A coupon marked for package changes: its discount comes off the charge for the new package. */
  couponCode,
};

const needsPrice = (v: { priceName?: string; priceId?: number }, ctx: z.RefinementCtx) => {
  if (v.priceName === undefined && v.priceId === undefined)
    ctx.addIssue({ code: 'custom', message: 'Choose a pricing option.', path: ['priceName'] });
};

export const changeChoiceInput = z.object(choiceShape).superRefine(needsPrice);
export type ChangeChoiceInput = z.infer<typeof changeChoiceInput>;

const calendarDate = z
  .string({ error: 'Use a date like 2026-01-31.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.')
  .refine(isCalendarDate, 'That date does not exist.')
  .meta({ description: 'The preview’s effectiveDate (YYYY-MM-DD).' });

// NOTE: the confirmation repeats what the client saw (net, total with tax, currency, day); the
// amounts are computed again under the service's lock and any difference asks for a new preview.
export const confirmChangeInput = z
  .object({
    ...choiceShape,
    expectedNet: signedMoney('The net the preview showed: negative for a credit.', ['4.8387', '-2.5000']),
    expectedTotal: signedMoney('The total the preview showed, tax included (rounded to the currency): negative for a credit.', [
      '5.7600',
      '-2.5000',
    ]),
    expectedCurrency: currencyCode.meta({
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: 'The currency the preview showed.',
      examples: ['USD'],
    }),
    effectiveDate: calendarDate,
    expectedChoice: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Preview the change again.' })
        .max(64, 'Preview the change again.')
        .optional()
        .meta({
          description:
            'The preview’s choiceKey. Optional; when sent, a confirmation of another package, price or options than that preview showed is refused (409) even at the same amounts.',
          examples: ['Xq3v0sL1m2kq9aZfR8c2Tw'],
        }),
    ),
  })
  .superRefine(needsPrice);
export type ConfirmChangeInput = z.infer<typeof confirmChangeInput>;
