import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { snapshotSql } from '../pricing/rules/price-snapshot.ts';

/**
 * A currency other than `currency` that the client is still billed in: a service not ended
 * (it renews in its own currency) or an unpaid invoice. Null when there is none, or when
 * `currency` is the one the client has now (`before`, blank: the store default), so a profile
 * saved with its currency unchanged is never refused for it.
 */
export async function otherBilledCurrency(
  em: EntityManager,
  clientId: number,
  currency: string,
  before: string | null,
): Promise<string | null> {
  const q = db(em);
  const current = before ?? (await q.selectFrom('currency').select('code').where('is_default', '=', true).executeTakeFirst())?.code;
  if (current === currency) return null;
  const snap = snapshotSql('s.price_snapshot');
  const billed = sql.raw(`coalesce(${snap.currency}, ${snap.priceCurrency})`);
  const { rows } = await sql<{ currency: string }>`
    select ${billed} as currency from service s
     where s.client_id = ${clientId} and s.status in ('pending', 'active', 'suspended') and ${billed} <> ${currency}
    union all
    select i.currency from invoice i where i.client_id = ${clientId} and i.status = 'unpaid' and i.currency <> ${currency}
    limit 1`.execute(q);
  return rows[0]?.currency ?? null;
}
