import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** How long an untouched cart is kept: as long as its cookie lives. */
export const CART_DAYS = 30;

/** Deletes carts nobody touched for CART_DAYS (their lines go with them). Safe to run any number of times. */
export async function purgeStaleCarts(em: EntityManager, now: Date): Promise<number> {
  const before = new Date(now.getTime() - CART_DAYS * 86_400_000);
  const res = await db(em).deleteFrom('cart').where('updated_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
