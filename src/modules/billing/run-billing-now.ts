import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { processRenewalBatch } from './process-renewal-batch.ts';
import { startBillingRun } from './start-billing-run.ts';
import type { RunTrigger } from './rules/constants.ts';
import { db } from '../../db/database.ts';

/**
 * A whole run in this process: the scan, then each of its batches in turn. For the command line
 * and for callers that want the result before they go on; the workers do the same through jobs.
 */
export async function runBillingNow(
  em: EntityManager,
  asOf: CalendarDate,
  now: Date,
  opts: { trigger?: RunTrigger; actor?: string; batchClients?: number; batchServices?: number } = {},
) {
  const { runId } = await startBillingRun(em, { asOf, trigger: opts.trigger ?? 'staff', actor: opts.actor }, now, opts);
  const batches = await db(em).selectFrom('billing_run_batch').select('id').where('run_id', '=', runId).orderBy('seq').execute();
  let invoices = 0;
  for (const b of batches) invoices += (await processRenewalBatch(em.fork(), b.id, now)).invoices;
  return { runId, invoices };
}
