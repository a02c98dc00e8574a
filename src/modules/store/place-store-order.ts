import type { EntityManager } from '@mikro-orm/postgresql';
import { placeOrder } from '../checkout/place-order.ts';
import { DomainError } from '../shared/errors.ts';
import { couponCodeOf, pageOrderLines, readPostedStoreForm } from './preview-store-order.ts';
import { pageFields } from './rules/addon-choice.ts';
import { storeField } from './rules/store-choice.ts';

/** The total the page showed (a form without one, an API-like post, is charged what checkout prices). */
const shownTotal = (form: Record<string, string | string[]>) =>
  typeof form.expectedTotal === 'string' && form.expectedTotal !== '' ? form.expectedTotal : undefined;

/**
 * Checkout from a package page, with the add-ons ticked on it: the form is read the way the
 * page's preview reads it, then placeOrder checks everything again under its locks. Refusals
 * come back keyed by the page's fields ("Only 2 left." next to the quantity), and a total other than
 * the one the page showed is refused with the new one.
 */
export async function placeStoreOrder(
  em: EntityManager,
  input: { slug: string; clientId: number; form: Record<string, string | string[]> },
  now: Date,
) {
  const { viewer, detail, choice, addonChoice } = await readPostedStoreForm(em, input, now);
  const lines = pageOrderLines(detail.id, choice, addonChoice);
  try {
    // NOTE: a fresh EntityManager, so checkout reads the package again under its row lock
    // rather than the copy this request loaded a moment ago.
    // One package alone is the one-line order, whose refusals name no line.
    const order = lines.length === 1 ? { ...lines[0]! } : { lines };
    const placed = await placeOrder(
      em.fork(),
      {
        clientId: input.clientId,
        currency: viewer.currency.code,
        ...order,
        couponCode: couponCodeOf(input.form),
        expectedTotal: shownTotal(input.form),
        ...(typeof input.form.requestKey === 'string' && input.form.requestKey ? { requestKey: input.form.requestKey } : {}),
      },
      now,
    );
    return { orderId: placed.order.id, invoiceId: placed.invoice.id };
  } catch (err) {
    if (err instanceof DomainError) throw DomainError.fromFields(pageFields(err.fields, addonChoice.picks, storeField));
    throw err;
  }
}
