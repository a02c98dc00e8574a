import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

/**
 * Staff hand failed work over again now, as a new attempt (a new job id), rather than waiting
 * for the sweep; work that gave up is reopened. The relay enqueues it after commit.
 * NOTE: the action the job runs checks whether its work is already done, so a retry of work
 * that meanwhile succeeded changes nothing.
 */
export async function retryFailedWork(em: EntityManager, id: number): Promise<void> {
  const q = db(em);
  const res = await q
    .updateTable('outbox')
    .set((eb) => ({ attempt: eb('attempt', '+', 1), failed_at: null, gave_up: false, processed_at: null, enqueued_at: null }))
    .where('id', '=', id)
    .where('failed_at', 'is not', null)
    .where((eb) => eb.or([eb('processed_at', 'is', null), eb('gave_up', '=', true)]))
    .executeTakeFirst();
  if (res.numUpdatedRows) return;
  const row = await q.selectFrom('outbox').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('That work');
  throw new Conflict('That work is no longer failed: it was retried or has finished.');
}
