import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { checkoutTurn, placeOrder } from '../checkout/place-order.ts';
import { DomainError } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { cartErrors, cartOrderLines, loadCart } from './load-cart.ts';

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
  const cart = await loadCart(em, input.token, input.clientId, now);
  if (!cart.id || !cart.lines.length) throw new DomainError('Your cart is empty.', '_');
  if (Object.keys(cart.errors).length) throw DomainError.fromFields(cart.errors);
  const expectedTotal = typeof input.expectedTotal === 'string' && input.expectedTotal !== '' ? input.expectedTotal : undefined;
  return em.fork().transactional(async (tx) => {
    // NOTE: the lines are locked, so two checkouts of one cart order it once.
    const locked = await db(tx)
      .selectFrom('cart as c')
      .select('c.id')
      .where('c.token_hash', '=', sha256(input.token ?? ''))
      .forUpdate()
      .executeTakeFirst();
    const left = locked ? await db(tx).selectFrom('cart_line').select('id').where('cart_id', '=', locked.id).execute() : [];
    if (!left.length || left.length !== cart.lines.length) throw new DomainError('Your cart changed meanwhile; review it again.', '_');
    const placed = await placeOrder(
      tx,
      {
        clientId: input.clientId,
        currency: cart.currency.code,
        lines: cartOrderLines(cart.lines),
        expectedTotal,
        couponCode: cart.couponCode ?? undefined,
      },
      now,
    ).catch((err: unknown) => {
      throw err instanceof DomainError ? DomainError.fromFields(cartErrors(err.fields, cart.lines)) : err;
    });
    await db(tx).deleteFrom('cart_line').where('cart_id', '=', cart.id).execute();
    return { orderId: placed.order.id, invoiceId: placed.invoice.id };
  });
}
