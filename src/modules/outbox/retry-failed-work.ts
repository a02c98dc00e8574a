import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import { Conflict, NotFound } from '../shared/errors.ts';

/**
 * Staff hand failed work over again now, as a new attempt (a new job id), rather than waiting
 * for the sweep; work that gave up is reopened. The relay enqueues it after commit.
 * NOTE: the action the job runs checks whether its work is already done, so a retry of work
 * that meanwhile succeeded changes nothing.
 */
export async function retryFailedWork(em: EntityManager, id: number): Promise<void> {
  const res = await em.getConnection().execute<QueryResult>(
    `update outbox set attempt = attempt + 1, failed_at = null, gave_up = false, processed_at = null, enqueued_at = null
      where id = ? and failed_at is not null and (processed_at is null or gave_up)`,
    [id],
    'run',
  );
  if (res.affectedRows) return;
  const [row] = await em.getConnection().execute<{ id: string }[]>('select id from outbox where id = ?', [id]);
  if (!row) throw new NotFound('That work');
  throw new Conflict('That work is no longer failed: it was retried or has finished.');
}
