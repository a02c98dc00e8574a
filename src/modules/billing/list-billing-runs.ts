import type { EntityManager } from '@mikro-orm/postgresql';
import { parseInput } from '../shared/validation.ts';
import { listRunsQuery } from './billing.schemas.ts';
import { RUN_COLUMNS, runRow } from './billing-run-row.ts';

/** Billing runs, newest first, a page at a time. */
export async function listBillingRuns(em: EntityManager, raw: unknown) {
  const q = parseInput(listRunsQuery, raw ?? {});
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select ${RUN_COLUMNS}, count(*) over ()::int as total from billing_run r order by r.started_at desc, r.id desc limit ? offset ?`,
    [q.perPage, (q.page - 1) * q.perPage],
  );
  // NOTE: past the last page the window count is gone with the rows; count apart then.
  const total = rows.length ? (rows[0]!.total as number) : (await em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from billing_run'))[0]!.n;
  return { items: rows.map(runRow), total, page: q.page, perPage: q.perPage, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
