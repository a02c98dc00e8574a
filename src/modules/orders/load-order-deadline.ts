import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** When an unpaid order gives its units back and is cancelled; null once it is paid or cancelled (or for no order). */
export async function loadOrderDeadline(em: EntityManager, orderId: number | null): Promise<Date | null> {
  if (orderId === null) return null;
  const row = await db(em)
    .selectFrom('client_order')
    .select('expires_at')
    .where('id', '=', orderId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.expires_at ?? null;
}
