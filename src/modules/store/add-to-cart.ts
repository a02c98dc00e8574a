import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { DomainError } from '../shared/errors.ts';
import { randomToken, sha256 } from '../shared/tokens.ts';
import { couponCodeOf, readPostedStoreForm } from './preview-store-order.ts';
import { normalizeCode } from '../coupons/rules/coupon-terms.ts';
import { choiceLine } from './rules/store-choice.ts';
import type { OptionExtras } from '../orders/option-extras.ts';
import { addonStockField } from './rules/addon-choice.ts';
import { cartUnitLines, refuseCartPastStock } from './refuse-cart-past-stock.ts';

export const CART_LINES_MAX = 50;

/**
 * The cart of a cookie token, created (with a new token) when there is none yet. NOTE: a cart found
 * is locked until the transaction ends, so of two lines added at once (two tabs, a double click)
 * the second counts the first's against CART_LINES_MAX, as checkout locks it too.
 */
export async function cartFor(em: EntityManager, token: string | undefined, now: Date): Promise<{ id: number; token: string }> {
  const q = db(em);
  if (token) {
    const found = await q.selectFrom('cart').select('id').where('token_hash', '=', sha256(token)).forUpdate().executeTakeFirst();
    if (found) return { id: found.id, token };
  }
  const fresh = randomToken();
  const row = await q
    .insertInto('cart')
    .values({ token_hash: sha256(fresh), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token: fresh };
}

/** A line's options as the cart stores them (the ids, and the quantities and texts by group). */
function optionColumns(l: { optionIds: number[] } & OptionExtras) {
  const extras: OptionExtras = {};
  if (l.optionQuantities && Object.keys(l.optionQuantities).length) extras.optionQuantities = { ...l.optionQuantities };
  if (l.optionTexts && Object.keys(l.optionTexts).length) extras.optionTexts = { ...l.optionTexts };
  return {
    option_ids: sql<number[]>`${JSON.stringify(l.optionIds)}::jsonb`,
    option_extras: sql<OptionExtras>`${JSON.stringify(extras)}::jsonb`,
  };
}

/**
 * Puts a package page's choice in the cart: read the way the page reads it, so a line is always
 * a choice the page could price. More units than are left now (with what the cart holds of them)
 * are refused by their field; checkout counts stock and limits again, under its locks.
 */
export async function addToCart(
  em: EntityManager,
  input: { token: string | undefined; slug: string; clientId: number | null; form: Record<string, string | string[]> },
  now: Date,
) {
  // The add-ons ticked on the page go in with it, each under its package's line.
  const { detail, choice, addons, addonChoice } = await readPostedStoreForm(em, input, now);
  return em.transactional(async (tx) => {
    const cart = await cartFor(tx, input.token, now);
    const q = db(tx);
    const { n } = await q
      .selectFrom('cart_line')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cart_id', '=', cart.id)
      .executeTakeFirstOrThrow();
    if (Number(n) + 1 + addonChoice.picks.length > CART_LINES_MAX)
      throw new DomainError(`A cart holds at most ${CART_LINES_MAX} lines; check out or remove some first.`, '_');
    // More than is left (with what the cart holds of it already) is said now, by the field, not at checkout.
    const before = await cartUnitLines(tx, cart.id);
    const added = [
      { id: 0, packageId: detail.id, quantity: choice.quantity, parentId: null },
      ...addonChoice.picks.map((a, i) => ({ id: -1 - i, packageId: a.packageId, quantity: a.quantity, parentId: 0 })),
    ];
    await refuseCartPastStock(tx, { before, after: [...before, ...added], changed: new Set(added.map((l) => l.id)) }, now, (packageId) =>
      packageId === detail.id
        ? { field: 'quantity', named: false }
        : {
            field: addonStockField(
              addons.flatMap((g) => g.packages),
              packageId,
            ),
            named: true,
          },
    );
    const line = await q
      .insertInto('cart_line')
      .values({
        cart_id: cart.id,
        package_id: detail.id,
        price_name: choice.priceName,
        ...optionColumns(choiceLine(detail.id, choice)),
        quantity: choice.quantity,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const a of addonChoice.picks) {
      await q
        .insertInto('cart_line')
        .values({
          cart_id: cart.id,
          package_id: a.packageId,
          price_name: a.priceName,
          ...optionColumns(a),
          quantity: a.quantity,
          parent_id: line.id,
          created_at: now,
        })
        .execute();
    }
    // A code typed on the package page goes with the package; the cart page says whether it applies.
    const couponCode = normalizeCode(couponCodeOf(input.form)).slice(0, 40);
    await q
      .updateTable('cart')
      .set({ updated_at: now, ...(couponCode ? { coupon_code: couponCode } : {}) })
      .where('id', '=', cart.id)
      .execute();
    return cart;
  });
}
