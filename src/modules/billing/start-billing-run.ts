import type { EntityManager } from '@mikro-orm/postgresql';
import { renewalBatchesLater } from '../../queue/jobs.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, type CalendarDate } from '../shared/dates.ts';
import { countAll, db } from '../../db/database.ts';
import { dueService } from './due-services.ts';
import { finishRunIfComplete } from './finish-run.ts';
import { splitIntoBatches } from './rules/split-batches.ts';
import type { RunTrigger } from './rules/constants.ts';

export interface StartRunInput {
  /** The day the run bills for: periods starting up to `invoice_days_before` days after it. */
  asOf: CalendarDate;
  trigger: RunTrigger;
  actor?: string;
  retryOfId?: number;
}

/**
 * A batch is at most this many clients or, past the first client, this many services.
 * NOTE: a worker holds a batch's rows, invoices and rendered emails while it bills it, several
 * batches at once: at 500/1000 a billing worker peaked 69-75 MB above idle on 100,000 services,
 * at 125/250 51-55 MB (target 60), about a tenth fewer invoices a second (`npm run bench renewals`).
 */
export const BATCH_CLIENTS = 125;
export const BATCH_SERVICES = 250;

/** Batches still pending this long were lost with their jobs; a newer run covers their clients. */
const ABANDON_AFTER_MS = 30 * 60_000;

/**
 * Records a billing run and fans its due clients out into batches: contiguous client id ranges,
 * one `renewal-batch` job each, recorded in the outbox in the same transaction so a crash or a
 * Redis outage cannot lose one. The scan only reads; every write happens in the batches, which
 * lock their clients, so any number of runs racing bill each period once.
 */
export async function startBillingRun(
  em: EntityManager,
  input: StartRunInput,
  now: Date,
  opts: { batchClients?: number; batchServices?: number } = {},
): Promise<{ runId: number; batches: number }> {
  const { invoiceDaysBefore } = await getBillingSettings(em);
  const horizon = addDays(input.asOf, invoiceDaysBefore);
  return em.transactional(async (tx) => {
    const q = db(tx);
    const { id: runId } = await q
      .insertInto('billing_run')
      .values({
        trigger: input.trigger,
        as_of: input.asOf,
        actor: (input.actor ?? 'system').slice(0, 120),
        retry_of_id: input.retryOfId ?? null,
        started_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await abandonLostBatches(tx, runId, now);
    const due = await q
      .selectFrom('service as s')
      .select(['s.client_id', countAll().as('services')])
      .where(dueService(horizon))
      .groupBy('s.client_id')
      .orderBy('s.client_id')
      .execute();
    const ranges = splitIntoBatches(
      due.map((d) => ({ clientId: d.client_id, services: d.services })),
      opts.batchClients ?? BATCH_CLIENTS,
      opts.batchServices ?? BATCH_SERVICES,
    );
    if (ranges.length) {
      const batches = await q
        .insertInto('billing_run_batch')
        .values(ranges.map((r, i) => ({ run_id: runId, seq: i + 1, after_client_id: r.after, up_to_client_id: r.upTo, created_at: now })))
        .returning('id')
        .execute();
      await renewalBatchesLater(
        tx,
        batches.map((b) => ({ batchId: b.id })),
      );
    }
    await q.updateTable('billing_run').set({ batches: ranges.length }).where('id', '=', runId).execute();
    await finishRunIfComplete(tx, runId, now);
    return { runId, batches: ranges.length };
  });
}

async function abandonLostBatches(tx: EntityManager, runId: number, now: Date) {
  const q = db(tx);
  const lost = await q
    .updateTable('billing_run_batch')
    .set({ status: 'abandoned', error: `Its job was lost; run #${runId} covers these clients.`, finished_at: now })
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(now.getTime() - ABANDON_AFTER_MS))
    .returning('run_id')
    .execute();
  for (const id of new Set(lost.map((l) => l.run_id))) {
    await q
      .updateTable('billing_run')
      .set({ error: `Some batches lost their jobs; run #${runId} billed those clients.` })
      .where('id', '=', id)
      .where('error', 'is', null)
      .execute();
    await finishRunIfComplete(tx, id, now);
  }
}
