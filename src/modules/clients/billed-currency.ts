import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { snapshotSql } from '../pricing/rules/price-snapshot.ts';
import { creditCurrencyOf } from './credit-currency.ts';
import { HOLDING_STATUSES } from '../shared/statuses.ts';

/**
 * A currency other than `currency` that the client is still billed in: a service not ended
 * (it renews in its own currency) or an unpaid invoice. Null when there is none, or when
 * `currency` is the one the client is billed in now (creditCurrencyOf), so a profile saved with
 * its currency unchanged is never refused for it.
 */
export async function otherBilledCurrency(em: EntityManager, clientId: number, currency: string): Promise<string | null> {
  if ((await creditCurrencyOf(em, clientId)) === currency) return null;
  const snap = snapshotSql('s.price_snapshot');
  const billed = sql.raw(`coalesce(${snap.currency}, ${snap.priceCurrency})`);
  const { rows } = await sql<{ currency: string }>`
    select ${billed} as currency from service s
     where s.client_id = ${clientId} and s.status in (${sql.join(HOLDING_STATUSES)}) and ${billed} <> ${currency}
    union all
    select i.currency from invoice i where i.client_id = ${clientId} and i.status = 'unpaid' and i.currency <> ${currency}
    limit 1`.execute(db(em));
  return rows[0]?.currency ?? null;
}
