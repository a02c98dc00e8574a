import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/**
 * The client's row locked for a change to its balance, with the balance and the currency it is
 * held in (the client's, else the store default), or null when there is no such client.
 */
export async function lockCreditHolder(tx: EntityManager, clientId: number) {
  const q = db(tx);
  const client = await q
    .selectFrom('client')
    .select(['currency', 'credit_balance'])
    .where('id', '=', clientId)
    .forUpdate()
    .executeTakeFirst();
  if (!client) return null;
  const def = client.currency
    ? null
    : await q.selectFrom('currency').select('code').where('is_default', '=', true).limit(1).executeTakeFirst();
  return { balance: String(client.credit_balance), currency: client.currency ?? def?.code ?? 'USD' };
}
