import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { checkoutTurn, placeOrder } from '../checkout/place-order.ts';
import { DomainError } from '../shared/errors.ts';
import { cartErrors, cartOrderLines, readCart } from './load-cart.ts';
import { loadStoreViewer } from './load-store-viewer.ts';

interface CartCheckout {
  token: string | undefined;
  clientId: number;
  expectedTotal: unknown;
}

/**
 * The whole cart as one order with one invoice, at the total the cart page showed
 * (`expectedTotal`): every line reserved or none (placeOrder). The cart empties in the same
 * transaction, so a second click orders nothing more. It waits its turn among checkouts before
 * its first read, as a one-package order does.
 */
export async function checkOutCart(em: EntityManager, input: CartCheckout, now: Date) {
  return checkoutTurn(em, () => checkOut(em, input, now));
}

async function checkOut(em: EntityManager, input: CartCheckout, now: Date) {
  // NOTE: the lines are priced once, by placeOrder: a line no longer offered, stock gone or a
  // code that no longer applies is refused there, under the cart's own fields (cartErrors).
  const [viewer, found] = await Promise.all([loadStoreViewer(em, input.clientId), readCart(em, input.token)]);
  if (!found?.lines.length) throw new DomainError('Your cart is empty.', '_');
  const { cart, lines } = found;
  const expectedTotal = typeof input.expectedTotal === 'string' && input.expectedTotal !== '' ? input.expectedTotal : undefined;
  return em.fork().transactional(async (tx) => {
    // NOTE: the lines are locked, so two checkouts of one cart order it once.
    const locked = await db(tx).selectFrom('cart').select('id').where('id', '=', cart.id).forUpdate().executeTakeFirst();
    const left = locked ? await db(tx).selectFrom('cart_line').select('id').where('cart_id', '=', locked.id).execute() : [];
    if (!left.length || left.length !== lines.length) throw new DomainError('Your cart changed meanwhile; review it again.', '_');
    const placed = await placeOrder(
      tx,
      {
        clientId: input.clientId,
        currency: viewer.currency.code,
        lines: cartOrderLines(lines),
        expectedTotal,
        couponCode: cart.couponCode ?? undefined,
      },
      now,
    ).catch((err: unknown) => {
      throw err instanceof DomainError ? DomainError.fromFields(cartErrors(err.fields, lines)) : err;
    });
    await db(tx).deleteFrom('cart_line').where('cart_id', '=', cart.id).execute();
    return { orderId: placed.order.id, invoiceId: placed.invoice.id };
  });
}
