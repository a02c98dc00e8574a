import type { EntityManager } from '@mikro-orm/postgresql';
import { placeOrder } from '../checkout/place-order.ts';
import { DomainError } from '../shared/errors.ts';
import { addonPage } from './preview-addon-order.ts';
import { choiceLine, quantityPastStock, readChoice, storeFields } from './rules/store-choice.ts';

/**
 * The client confirms an add-on: an order for it as an add-on of the service, at the total they
 * were shown (`expectedTotal`), with its invoice to pay. Stock, limits and the parent are checked
 * again under checkout's locks.
 */
export async function placeAddonOrder(
  em: EntityManager,
  input: { clientId: number; serviceId: number; packageId: number; form: Record<string, string | string[]> },
  now: Date,
) {
  const { page } = await addonPage(em, input, now);
  const { choice, errors } = readChoice(page, input.form, true);
  if (Object.keys(errors).length) throw DomainError.fromFields(errors);
  // More than are left is said by the quantity first: the total shown was for fewer, and "the
  // price changed" would send the client after the wrong thing. Checkout counts again under its locks.
  const past = quantityPastStock(page, choice.quantity);
  if (past) throw new DomainError(past, 'quantity');
  const expected = input.form.expectedTotal;
  const placed = await placeOrder(
    em.fork(),
    {
      clientId: input.clientId,
      parentServiceId: input.serviceId,
      ...choiceLine(page.id, choice),
      expectedTotal: typeof expected === 'string' ? expected : undefined,
    },
    now,
  ).catch((err: unknown) => {
    // Each refusal under the page's own field (an option group's, the quantity's).
    throw err instanceof DomainError ? DomainError.fromFields(storeFields(err.fields)) : err;
  });
  return { invoiceId: placed.invoice.id };
}
