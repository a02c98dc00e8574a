import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { processRenewalBatch } from './process-renewal-batch.ts';
import { startBillingRun, type RunTrigger } from './start-billing-run.ts';

/**
 * A whole run in this process: the scan, then each of its batches in turn. For the command line
 * and for callers that want the result before they go on; the workers do the same through jobs.
 */
export async function runBillingNow(em: EntityManager, asOf: CalendarDate, now: Date, opts: { trigger?: RunTrigger; actor?: string; batchClients?: number; batchServices?: number } = {}) {
  const { runId } = await startBillingRun(em, { asOf, trigger: opts.trigger ?? 'staff', actor: opts.actor }, now, opts);
  const batches = await em.getConnection().execute<{ id: number }[]>('select id from billing_run_batch where run_id = ? order by seq', [runId]);
  let invoices = 0;
  for (const b of batches) invoices += (await processRenewalBatch(em.fork(), b.id, now)).invoices;
  return { runId, invoices };
}
