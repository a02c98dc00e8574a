import type { EntityManager } from '@mikro-orm/postgresql';
import { outboxKey } from '../../queue/jobs.ts';
import { JOB_ATTEMPTS } from '../../queue/queues.ts';
import { doneByKey, type OutboxDone } from '../outbox/outbox-state.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, type CalendarDate } from '../shared/dates.ts';
import { billDueClients, type BillResult } from './bill-due-clients.ts';
import { DUE_SERVICE } from './due-services.ts';
import { finishRunIfComplete } from './finish-run.ts';

/** After this many failed attempts the batch is billed client by client, so one bad client cannot block the rest. */
const ISOLATE_AFTER = 2;
/** As many as the billing queue's job attempts: the last one gives up and says so. */
const MAX_ATTEMPTS = JOB_ATTEMPTS.billing;

export type BatchOutcome = { status: 'done' | 'skipped' | 'failed'; scanned: number; invoices: number; failures: number };

interface BatchRow {
  id: number;
  run_id: number;
  status: string;
  after_client_id: number;
  up_to_client_id: number;
  attempts: number;
  as_of: string;
}

/**
 * Bills one batch of a run, in one transaction with the batch's own bookkeeping, so a crash
 * leaves it pending (and the job retries) and a second delivery finds it done and does nothing.
 */
export async function processRenewalBatch(em: EntityManager, batchId: number, now: Date, done: OutboxDone = doneByKey(outboxKey('renewalBatch', { batchId }), now)): Promise<BatchOutcome> {
  const conn = em.getConnection();
  const [batch] = await conn.execute<BatchRow[]>(
    `select b.id, b.run_id, b.status, b.after_client_id, b.up_to_client_id, b.attempts, r.as_of::text as as_of
       from billing_run_batch b join billing_run r on r.id = b.run_id where b.id = ?`,
    [batchId],
  );
  const skipped: BatchOutcome = { status: 'skipped', scanned: 0, invoices: 0, failures: 0 };
  if (!batch || batch.status !== 'pending') {
    await done(em);
    return skipped;
  }
  const { invoiceDaysBefore, groupRenewals } = await getBillingSettings(em);
  const horizon = addDays(batch.as_of as CalendarDate, invoiceDaysBefore);
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
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute(
      `update billing_run_batch set attempts = attempts + 1, error = ?, status = case when ? then 'failed' else status end, finished_at = case when ? then ? else finished_at end
        where id = ? and status = 'pending'`,
      [message, last, last, now, batch.id],
      'run',
      ctx,
    );
    if (!last) return;
    await conn.execute('update billing_run set error = ? where id = ?', [`Batch ${batch.id} failed: ${message}`.slice(0, 2000), batch.run_id], 'run', ctx);
    await finishRunIfComplete(tx, batch.run_id, now);
    await done(tx);
  });
  if (!last) throw err;
  return { status: 'failed', scanned: 0, invoices: 0, failures: 0 };
}

async function lockPending(tx: EntityManager, batchId: number): Promise<boolean> {
  const [row] = await tx.getConnection().execute<{ status: string }[]>('select status from billing_run_batch where id = ? for update', [batchId], 'all', tx.getTransactionContext());
  return row?.status === 'pending';
}

/** The batch's counters and failures, the run's sums, and its close when this was the last batch. */
async function finishBatch(tx: EntityManager, batch: BatchRow, result: BillResult, now: Date, done: OutboxDone) {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const f = result.failures.length;
  await conn.execute(
    `update billing_run_batch set status = 'done', scanned = ?, invoices = ?, failures = ?, finished_at = ?, error = null where id = ?`,
    [result.scanned, result.invoices, f, now, batch.id],
    'run',
    ctx,
  );
  if (f) {
    await conn.execute(
      `insert into billing_run_failure (run_id, service_id, reason, created_at) select ?, r.service_id, r.reason, ? from jsonb_to_recordset(?::jsonb) as r(service_id int, reason text)`,
      [batch.run_id, now, JSON.stringify(result.failures.map((x) => ({ service_id: x.serviceId, reason: x.reason })))],
      'run',
      ctx,
    );
  }
  // NOTE: this update takes the run's row lock before the close check below (see finishRunIfComplete).
  await conn.execute('update billing_run set scanned = scanned + ?, invoices = invoices + ?, failures = failures + ? where id = ?', [result.scanned, result.invoices, f, batch.run_id], 'run', ctx);
  await finishRunIfComplete(tx, batch.run_id, now);
  await done(tx);
}

/** The fallback after repeated failures: each client in its own transaction; a client that still fails is reported. */
async function billClientByClient(em: EntityManager, batch: BatchRow, horizon: CalendarDate, grouped: boolean, now: Date, done: OutboxDone): Promise<BatchOutcome> {
  const conn = em.getConnection();
  const clients = await conn.execute<{ client_id: number }[]>(
    `select distinct s.client_id from service s where s.client_id > ? and s.client_id <= ? and ${DUE_SERVICE} order by s.client_id`,
    [batch.after_client_id, batch.up_to_client_id, horizon],
  );
  const total: BillResult = { scanned: 0, invoices: 0, failures: [] };
  for (const { client_id } of clients) {
    try {
      const r = await em.transactional((tx) => billDueClients(tx, { after: client_id - 1, upTo: client_id }, horizon, grouped, now, batch.run_id));
      total.scanned += r.scanned;
      total.invoices += r.invoices;
      total.failures.push(...r.failures);
    } catch (err) {
      const services = await conn.execute<{ id: number }[]>(`select s.id from service s where s.client_id = ? and ${DUE_SERVICE}`, [client_id, horizon]);
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
