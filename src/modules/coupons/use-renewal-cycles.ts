import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** Each service's coupon has used `n` more cycles (only renewals billed now, by the caller's transaction). */
export async function useRenewalCycles(tx: EntityManager, used: ReadonlyMap<number, number>): Promise<void> {
  if (!used.size) return;
  const rows = [...used].map(([id, n]) => ({ id, n }));
  // NOTE: raw SQL: one update over a jsonb recordset, as the renewal batch writes everything.
  await sql`update service_coupon sc set cycles_left = greatest(sc.cycles_left - r.n, 0)
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id int, n int)
   where sc.service_id = r.id and sc.cycles_left is not null`.execute(db(tx));
}
