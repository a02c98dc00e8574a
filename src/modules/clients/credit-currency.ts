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
      // The decimals of the currency the balance is held in (the client's, else the default).
      eb
        .selectFrom('currency as cur')
        .select('cur.minor_units')
        .where((w) => w.or([w('cur.code', '=', w.ref('c.currency')), w.and([w('c.currency', 'is', null), w('cur.is_default', '=', true)])]))
        .limit(1)
        .as('minor_units'),
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
 * The client's balance, the currency it is held in and that currency's decimals, the row locked for a change to it until
 * the transaction ends; null when there is no such client.
 */
export async function lockCreditBalance(
  tx: EntityManager,
  clientId: number,
): Promise<{ balance: string; currency: string | null; minorUnits: number } | null> {
  const row = await creditRow(tx, clientId, true);
  return row
    ? { balance: String(row.credit_balance), currency: row.currency ?? row.default_currency ?? null, minorUnits: row.minor_units ?? 2 }
    : null;
}
