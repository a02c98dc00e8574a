import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/**
 * The currency a client's credit is held in, and that they are billed in: their own, else the
 * store's default (null when neither is set, or no such client). With `lock`, the client's row is
 * locked until the transaction ends, so the currency cannot change before the caller moves credit.
 */
export async function creditCurrencyOf(em: EntityManager, clientId: number, opts: { lock?: boolean } = {}): Promise<string | null> {
  let query = db(em)
    .selectFrom('client as c')
    .select((eb) => ['c.currency', eb.selectFrom('currency').select('code').where('is_default', '=', true).limit(1).as('default_currency')])
    .where('c.id', '=', clientId);
  if (opts.lock) query = query.forUpdate('c');
  const row = await query.executeTakeFirst();
  return row?.currency ?? row?.default_currency ?? null;
}
