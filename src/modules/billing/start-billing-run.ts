import type { EntityManager } from '@mikro-orm/postgresql';
import { renewalBatchesLater } from '../../queue/jobs.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, type CalendarDate } from '../shared/dates.ts';
import { DUE_SERVICE } from './due-services.ts';
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

/** A batch is at most this many clients or, past the first client, this many services. */
export const BATCH_CLIENTS = 500;
export const BATCH_SERVICES = 1000;

/** Batches still pending this long were lost with their jobs; a newer run covers their clients. */
const ABANDON_AFTER_MS = 30 * 60_000;

/**
 * Records a billing run and fans its due clients out into batches: contiguous client id ranges,
 * one `renewal-batch` job each, recorded in the outbox in the same transaction so a crash or a
 * Redis outage cannot lose one. The scan only reads; every write happens in the batches, which
 * lock their clients, so any number of runs racing bill each period once.
 */
export async function startBillingRun(em: EntityManager, input: StartRunInput, now: Date, opts: { batchClients?: number; batchServices?: number } = {}): Promise<{ runId: number; batches: number }> {
  const { invoiceDaysBefore } = await getBillingSettings(em);
  const horizon = addDays(input.asOf, invoiceDaysBefore);
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const [run] = await conn.execute<{ id: number }[]>(
      'insert into billing_run (trigger, as_of, actor, retry_of_id, started_at) values (?, ?, ?, ?, ?) returning id',
      [input.trigger, input.asOf, (input.actor ?? 'system').slice(0, 120), input.retryOfId ?? null, now],
      'all',
      ctx,
    );
    const runId = run!.id;
    await abandonLostBatches(tx, runId, now);
    const due = await conn.execute<{ client_id: number; services: string }[]>(
      `select s.client_id, count(*) as services from service s where ${DUE_SERVICE} group by s.client_id order by s.client_id`,
      [horizon],
      'all',
      ctx,
    );
    const ranges = splitIntoBatches(due.map((d) => ({ clientId: d.client_id, services: Number(d.services) })), opts.batchClients ?? BATCH_CLIENTS, opts.batchServices ?? BATCH_SERVICES);
    if (ranges.length) {
      await conn.execute(
        `insert into billing_run_batch (run_id, seq, after_client_id, up_to_client_id, created_at)
         select ?, r.seq, r.after_id, r.up_to_id, ? from jsonb_to_recordset(?::jsonb) as r(seq int, after_id int, up_to_id int)`,
        [runId, now, JSON.stringify(ranges.map((r, i) => ({ seq: i + 1, after_id: r.after, up_to_id: r.upTo })))],
        'run',
        ctx,
      );
      const batches = await conn.execute<{ id: number }[]>('select id from billing_run_batch where run_id = ? order by seq', [runId], 'all', ctx);
      await renewalBatchesLater(tx, batches.map((b) => ({ batchId: b.id })));
    }
    await conn.execute('update billing_run set batches = ? where id = ?', [ranges.length, runId], 'run', ctx);
    await finishRunIfComplete(tx, runId, now);
    return { runId, batches: ranges.length };
  });
}

async function abandonLostBatches(tx: EntityManager, runId: number, now: Date) {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const lost = await conn.execute<{ run_id: number }[]>(
    `update billing_run_batch set status = 'abandoned', error = ?, finished_at = ?
      where status = 'pending' and created_at < ? returning run_id`,
    [`Its job was lost; run #${runId} covers these clients.`, now, new Date(now.getTime() - ABANDON_AFTER_MS)],
    'all',
    ctx,
  );
  for (const id of new Set(lost.map((l) => l.run_id))) {
    await conn.execute('update billing_run set error = ? where id = ? and error is null', [`Some batches lost their jobs; run #${runId} billed those clients.`, id], 'run', ctx);
    await finishRunIfComplete(tx, id, now);
  }
}
