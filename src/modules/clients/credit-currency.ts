import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** The client's currency, the store default, and the balance; the row locked with `lock`. */
async function creditRow(em: EntityManager, clientId: number, lock: boolean) {
  let query = db(em)
    .selectFrom('client as c')
    .select((eb) => [
      'c.currency',
      'c.credit_balance',
      eb.selectFrom('currency').select('code').where('is_default', '=', true).limit(1).as('default_currency'),
    ])
    .where('c.id', '=', clientId);
  if (lock) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

/**
 * The currency a client's credit is held in, and that they are billed in: their own, else the
 * store's default (null when neither is set, or no such client). With `lock`, the client's row is
 * locked until the transaction ends, so the currency cannot change before the caller moves credit.
 */
export async function creditCurrencyOf(em: EntityManager, clientId: number, opts: { lock?: boolean } = {}): Promise<string | null> {
  const row = await creditRow(em, clientId, opts.lock ?? false);
  return row?.currency ?? row?.default_currency ?? null;
}

/**
 * The client's balance and the currency it is held in, the row locked for a change to it until
 * the transaction ends; null when there is no such client.
 */
export async function lockCreditBalance(tx: EntityManager, clientId: number): Promise<{ balance: string; currency: string | null } | null> {
  const row = await creditRow(tx, clientId, true);
  return row ? { balance: String(row.credit_balance), currency: row.currency ?? row.default_currency ?? null } : null;
}
