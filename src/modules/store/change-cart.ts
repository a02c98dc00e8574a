import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { cartUnitLines, refuseCartPastStock } from './refuse-cart-past-stock.ts';

/** A line of the cart of this cookie token, or NotFound (another browser's line is not there). */
async function lineOf(em: EntityManager, token: string | undefined, lineId: number) {
  const row = token
    ? await db(em)
        .selectFrom('cart_line as l')
        .innerJoin('cart as c', 'c.id', 'l.cart_id')
        .innerJoin('package as p', 'p.id', 'l.package_id')
        .select(['l.id', 'l.cart_id', 'p.allow_quantity', 'p.name'])
        .where('c.token_hash', '=', sha256(token))
        .where('l.id', '=', lineId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new NotFound('That cart line');
  return row;
}

/** Changes a line's quantity (1 to 100, where its package allows more than one). */
export async function setCartQuantity(em: EntityManager, token: string | undefined, lineId: number, raw: unknown, now: Date) {
  const line = await lineOf(em, token, lineId);
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 100)
    throw new DomainError('Enter a quantity from 1 to 100.', `quantity-${lineId}`);
  if (!line.allow_quantity && Number(text) !== 1) throw new DomainError(`${line.name} is ordered one at a time.`, `quantity-${lineId}`);
  await em.transactional(async (tx) => {
    // The cart locked, as adding to it does, so two changes at once are weighed one after the other.
    await db(tx).selectFrom('cart').select('id').where('id', '=', line.cart_id).forUpdate().execute();
    // More than is left is said by the field; a package line's add-ons grow with it, and are weighed too.
    const before = await cartUnitLines(tx, line.cart_id);
    const after = before.map((l) => (l.id === line.id ? { ...l, quantity: Number(text) } : l));
    const own = before.find((l) => l.id === line.id)?.packageId;
    await refuseCartPastStock(tx, { before, after, changed: new Set([line.id]) }, now, (packageId) => ({
      field: `quantity-${lineId}`,
      named: packageId !== own,
    }));
    await db(tx)
      .updateTable('cart_line')
      .set({ quantity: Number(text) })
      .where('id', '=', line.id)
      .execute();
    await db(tx).updateTable('cart').set({ updated_at: now }).where('id', '=', line.cart_id).execute();
  });
}

/** Removes a line, and the add-ons chosen with it. */
export async function removeCartLine(em: EntityManager, token: string | undefined, lineId: number, now: Date) {
  const line = await lineOf(em, token, lineId);
  await db(em).deleteFrom('cart_line').where('id', '=', line.id).execute();
  await db(em).updateTable('cart').set({ updated_at: now }).where('id', '=', line.cart_id).execute();
}
