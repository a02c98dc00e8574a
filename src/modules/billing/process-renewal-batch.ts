import type { EntityManager } from '@mikro-orm/postgresql';
import { outboxKey } from '../../queue/jobs.ts';
import { JOB_ATTEMPTS } from '../../queue/queues.ts';
import { doneByKey, type OutboxDone } from '../outbox/outbox-state.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, type CalendarDate } from '../shared/dates.ts';
import { billDueClients, type BillResult } from './bill-due-clients.ts';
import { db } from '../../db/database.ts';
import { dueService } from './due-services.ts';
import { finishRunIfComplete } from './finish-run.ts';

/** After this many failed attempts the batch is billed client by client, so one bad client cannot block the rest. */
const ISOLATE_AFTER = 2;
/** As many as the billing queue's job attempts: the last one gives up and says so. */
const MAX_ATTEMPTS = JOB_ATTEMPTS.billing;

export type BatchOutcome = { status: 'done' | 'skipped' | 'failed'; scanned: number; invoices: number; failures: number };

type BatchRow = NonNullable<Awaited<ReturnType<typeof loadBatch>>>;

/** The batch with its run's day. */
function loadBatch(em: EntityManager, batchId: number) {
  return db(em)
    .selectFrom('billing_run_batch as b')
    .innerJoin('billing_run as r', 'r.id', 'b.run_id')
    .select(['b.id', 'b.run_id', 'b.status', 'b.after_client_id', 'b.up_to_client_id', 'b.attempts', 'r.as_of'])
    .where('b.id', '=', batchId)
    .executeTakeFirst();
}

/**
 * Bills one batch of a run, in one transaction with the batch's own bookkeeping, so a crash
 * leaves it pending (and the job retries) and a second delivery finds it done and does nothing.
 */
export async function processRenewalBatch(
  em: EntityManager,
  batchId: number,
  now: Date,
  done: OutboxDone = doneByKey(outboxKey('renewalBatch', { batchId }), now),
): Promise<BatchOutcome> {
  const batch = await loadBatch(em, batchId);
  const skipped: BatchOutcome = { status: 'skipped', scanned: 0, invoices: 0, failures: 0 };
  if (!batch || batch.status !== 'pending') {
    await done(em);
    return skipped;
  }
  const { invoiceDaysBefore, groupRenewals } = await getBillingSettings(em);
  const horizon = addDays(batch.as_of, invoiceDaysBefore);
  const range = { after: batch.after_client_id, upTo: batch.up_to_client_id };
  if (batch.attempts >= ISOLATE_AFTER) {
    try {
      return await billClientByClient(em, batch, horizon, groupRenewals, now, done);
    } catch (err) {
      return recordAttemptFailure(em, batch, err as Error, now, done);
    }
  }
  try {
    return await em.transactional(async (tx) => {
      if (!(await lockPending(tx, batchId))) return skipped;
      const result = await billDueClients(tx, range, horizon, groupRenewals, now, batch.run_id);
      await finishBatch(tx, batch, result, now, done);
      return { status: 'done' as const, scanned: result.scanned, invoices: result.invoices, failures: result.failures.length };
    });
  } catch (err) {
    return recordAttemptFailure(em, batch, err as Error, now, done);
  }
}

/**
 * Counts a failed attempt and throws so the job retries; the last attempt instead marks the batch
 * failed (the run then ends 'failed', its error shown to staff, who retry the run) and stops.
 */
async function recordAttemptFailure(em: EntityManager, batch: BatchRow, err: Error, now: Date, done: OutboxDone): Promise<BatchOutcome> {
  const message = String(err.message).slice(0, 2000);
  const last = batch.attempts + 1 >= MAX_ATTEMPTS;
  await em.transactional(async (tx) => {
    const q = db(tx);
    await q
      .updateTable('billing_run_batch')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        error: message,
        ...(last ? { status: 'failed' as const, finished_at: now } : {}),
      }))
      .where('id', '=', batch.id)
      .where('status', '=', 'pending')
      .execute();
    if (!last) return;
    await q
      .updateTable('billing_run')
      .set({ error: `Batch ${batch.id} failed: ${message}`.slice(0, 2000) })
      .where('id', '=', batch.run_id)
      .execute();
    await finishRunIfComplete(tx, batch.run_id, now);
    await done(tx);
  });
  if (!last) throw err;
  return { status: 'failed', scanned: 0, invoices: 0, failures: 0 };
}

async function lockPending(tx: EntityManager, batchId: number): Promise<boolean> {
  const row = await db(tx).selectFrom('billing_run_batch').select('status').where('id', '=', batchId).forUpdate().executeTakeFirst();
  return row?.status === 'pending';
}

/** The batch's counters and failures, the run's sums, and its close when this was the last batch. */
async function finishBatch(tx: EntityManager, batch: BatchRow, result: BillResult, now: Date, done: OutboxDone) {
  const q = db(tx);
  const f = result.failures.length;
  await q
    .updateTable('billing_run_batch')
    .set({ status: 'done', scanned: result.scanned, invoices: result.invoices, failures: f, finished_at: now, error: null })
    .where('id', '=', batch.id)
    .execute();
  if (f) {
    await q
      .insertInto('billing_run_failure')
      .values(result.failures.map((x) => ({ run_id: batch.run_id, service_id: x.serviceId, reason: x.reason, created_at: now })))
      .execute();
  }
  // NOTE: this update takes the run's row lock before the close check below (see finishRunIfComplete).
  await q
    .updateTable('billing_run')
    .set((eb) => ({
      scanned: eb('scanned', '+', result.scanned),
      invoices: eb('invoices', '+', result.invoices),
      failures: eb('failures', '+', f),
    }))
    .where('id', '=', batch.run_id)
    .execute();
  await finishRunIfComplete(tx, batch.run_id, now);
  await done(tx);
}

/** The fallback after repeated failures: each client in its own transaction; a client that still fails is reported. */
async function billClientByClient(
  em: EntityManager,
  batch: BatchRow,
  horizon: CalendarDate,
  grouped: boolean,
  now: Date,
  done: OutboxDone,
): Promise<BatchOutcome> {
  const q = db(em);
  const clients = await q
    .selectFrom('service as s')
    .select('s.client_id')
    .distinct()
    .where('s.client_id', '>', batch.after_client_id)
    .where('s.client_id', '<=', batch.up_to_client_id)
    .where(dueService(horizon))
    .orderBy('s.client_id')
    .execute();
  const total: BillResult = { scanned: 0, invoices: 0, failures: [] };
  for (const { client_id } of clients) {
    try {
      const r = await em.transactional((tx) =>
        billDueClients(tx, { after: client_id - 1, upTo: client_id }, horizon, grouped, now, batch.run_id),
      );
      total.scanned += r.scanned;
      total.invoices += r.invoices;
      total.failures.push(...r.failures);
    } catch (err) {
      const services = await q
        .selectFrom('service as s')
        .select('s.id')
        .where('s.client_id', '=', client_id)
        .where(dueService(horizon))
        .execute();
      total.scanned += services.length;
      for (const s of services) total.failures.push({ serviceId: s.id, reason: String((err as Error).message).slice(0, 500) });
    }
  }
  return em.transactional(async (tx) => {
    if (!(await lockPending(tx, batch.id))) return { status: 'skipped' as const, scanned: 0, invoices: 0, failures: 0 };
    await finishBatch(tx, batch, total, now, done);
    return { status: 'done' as const, scanned: total.scanned, invoices: total.invoices, failures: total.failures.length };
  });
}
