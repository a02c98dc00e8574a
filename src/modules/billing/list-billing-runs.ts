import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { countAll, db } from '../../db/database.ts';
import { parseInput } from '../shared/validation.ts';
import { listRunsQuery } from './billing.schemas.ts';
import { runRow, selectRuns } from './billing-run-row.ts';

/** Billing runs, newest first, a page at a time. */
export async function listBillingRuns(em: EntityManager, raw: unknown) {
  const q = parseInput(listRunsQuery, raw ?? {});
  const rows = await selectRuns(em)
    .select(sql<number>`count(*) over ()::int`.as('total'))
    .orderBy('r.started_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  // NOTE: past the last page the window count is gone with the rows; count apart then.
  const total = rows[0]?.total ?? (await db(em).selectFrom('billing_run').select(countAll().as('n')).executeTakeFirstOrThrow()).n;
  return { items: rows.map(runRow), total, page: q.page, perPage: q.perPage, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
