import { z } from 'zod';
import { expectedTotal, orderChoiceInput } from '../orders/orders.schemas.ts';
import { bool, money, optionalCalendarDate } from '../shared/fields.ts';

/** How a service staff add starts (DOMAIN.md "Staff-added services"). */
export const START_MODES = ['invoice', 'activate', 'existing'] as const;
export type StartMode = (typeof START_MODES)[number];

/** The plugin fields staff enter for an account that already exists (its IP, username, panel URL). */
const pluginData = z
  .record(
    z.string().regex(/^[a-z][a-zA-Z0-9_.]{0,59}$/, 'Use the plugin’s field names.'),
    z.string({ error: 'Enter text.' }).trim().max(500, 'Use at most 500 characters.'),
  )
  .refine((r) => Object.keys(r).length <= 30, 'Give at most 30 fields.')
  .default({});

/** Staff add a package to a client: the choice a client would make, and how it starts. */
export const addServiceInput = orderChoiceInput.extend({
  /** Add-ons of the package, ordered with it (one set per unit). */
  addons: z
    .array(orderChoiceInput.omit({ currency: true }), { error: 'Give the add-ons as a list.' })
    .max(20, 'Add at most 20 add-ons.')
    .default([]),
  /** Replaces the price row's amount (per unit, in the order's currency) for this service and its renewals. */
  customPrice: z.preprocess((v) => (v === '' || v === null ? undefined : v), money.optional()),
  start: z.enum(START_MODES, { error: 'Choose how the service starts: invoice, activate or existing.' }).default('invoice'),
  /** When "activate" or "existing" services renew; the days before it are not billed. */
  nextDueDate: optionalCalendarDate,
  pluginData,
  overrideLimits: bool.default(false),
  /** "Invoice now": the total staff were shown; an invoice for another is refused with the new one. */
  expectedTotal,
});
export type AddServiceInput = z.infer<typeof addServiceInput>;
