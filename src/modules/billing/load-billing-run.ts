import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../shared/errors.ts';
import { countAll, db } from '../../db/database.ts';
import { runRow, selectRuns, type BillingRunRow } from './billing-run-row.ts';
import type { BatchStatus } from './rules/constants.ts';

export interface BillingRunBatchRow {
  id: number;
  seq: number;
  /** The batch covers clients with ids in (afterClientId, upToClientId]. */
  afterClientId: number;
  upToClientId: number;
  status: BatchStatus;
  scanned: number;
  invoices: number;
  failures: number;
  attempts: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface BillingRunFailureRow {
  id: number;
  serviceId: number;
  reason: string;
  retriedAt: string | null;
  createdAt: string;
  /** Null when the service row is gone. */
  service: { status: string; clientId: number; clientName: string; packageId: number; packageName: string } | null;
}

export interface BillingRunDetail extends BillingRunRow {
  batchesByStatus: Record<BatchStatus, number>;
  /** In order; the first BATCH_LIMIT when a run has more. */
  batchList: BillingRunBatchRow[];
  /** The first FAILURE_LIMIT failures (the `failures` counter has them all). */
  failureList: BillingRunFailureRow[];
  /** The first INVOICE_LIMIT invoices it made (the `invoices` counter has them all). */
  invoiceList: {
    id: number;
    /** Its number (INV-2026-0003); none while a draft. */
    number: string | null;
    clientId: number;
    clientName: string;
    dueDate: string;
    lines: number;
    total: string;
    currency: string;
    minorUnits: number;
    status: string;
  }[];
  /** Runs started as retries of this one, newest first. */
  retriedBy: { id: number; status: string; startedAt: string }[];
}

const BATCH_LIMIT = 500;
const FAILURE_LIMIT = 500;
const INVOICE_LIMIT = 200;
/** One run with its batches, its failures (with the service's client and package) and its retries. */
export async function loadBillingRun(em: EntityManager, runId: number): Promise<BillingRunDetail> {
  const q = db(em);
  const run = await selectRuns(em).where('r.id', '=', runId).executeTakeFirst();
  if (!run) throw new NotFound('That billing run');
  const [counts, batches, failures, retries, invoices] = await Promise.all([
    q
      .selectFrom('billing_run_batch')
      .select(['status', countAll().as('n')])
      .where('run_id', '=', runId)
      .groupBy('status')
      .execute(),
    q
      .selectFrom('billing_run_batch')
      .select([
        'id',
        'seq',
        'after_client_id',
        'up_to_client_id',
        'status',
        'scanned',
        'invoices',
        'failures',
        'attempts',
        'error',
        'created_at',
        'finished_at',
      ])
      .where('run_id', '=', runId)
      .orderBy('seq')
      .limit(BATCH_LIMIT)
      .execute(),
    q
      .selectFrom('billing_run_failure as f')
      .leftJoin('service as s', 's.id', 'f.service_id')
      .leftJoin('client as c', 'c.id', 's.client_id')
      .leftJoin('package as p', 'p.id', 's.package_id')
      .select([
        'f.id',
        'f.service_id',
        'f.reason',
        'f.retried_at',
        'f.created_at',
        's.id as sid',
        's.status as service_status',
        's.client_id',
        'c.name as client_name',
        's.package_id',
        'p.name as package_name',
      ])
      .where('f.run_id', '=', runId)
      .orderBy('f.id')
      .limit(FAILURE_LIMIT)
      .execute(),
    q
      .selectFrom('billing_run')
      .select(['id', 'status', 'started_at'])
      .where('retry_of_id', '=', runId)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    q
      .selectFrom('invoice as i')
      .innerJoin('client as c', 'c.id', 'i.client_id')
      .leftJoin('currency as cur', 'cur.code', 'i.currency')
      .select([
        'i.id',
        'i.number',
        'i.client_id',
        'c.name as client_name',
        'i.due_date',
        'i.total',
        'i.currency',
        'cur.minor_units',
        'i.status',
      ])
      .select((eb) => eb.selectFrom('invoice_line as l').select(countAll().as('n')).whereRef('l.invoice_id', '=', 'i.id').as('lines'))
      .where('i.billing_run_id', '=', runId)
      .orderBy('i.id')
      .limit(INVOICE_LIMIT)
      .execute(),
  ]);
  const batchesByStatus: Record<BatchStatus, number> = { pending: 0, done: 0, failed: 0, abandoned: 0 };
  for (const c of counts) batchesByStatus[c.status] = c.n;
  return {
    ...runRow(run),
    batchesByStatus,
    batchList: batches.map((b) => ({
      id: b.id,
      seq: b.seq,
      afterClientId: b.after_client_id,
      upToClientId: b.up_to_client_id,
      status: b.status,
      scanned: b.scanned,
      invoices: b.invoices,
      failures: b.failures,
      attempts: b.attempts,
      error: b.error,
      createdAt: b.created_at.toISOString(),
      finishedAt: b.finished_at?.toISOString() ?? null,
    })),
    failureList: failures.map((f) => ({
      id: f.id,
      serviceId: f.service_id,
      reason: f.reason,
      retriedAt: f.retried_at?.toISOString() ?? null,
      createdAt: f.created_at.toISOString(),
      service:
        f.sid !== null && f.service_status !== null && f.client_id !== null && f.package_id !== null
          ? {
              status: f.service_status,
              clientId: f.client_id,
              clientName: f.client_name ?? '',
              packageId: f.package_id,
              packageName: f.package_name ?? '',
            }
          : null,
    })),
    invoiceList: invoices.map((i) => ({
      id: i.id,
      number: i.number,
      clientId: i.client_id,
      clientName: i.client_name,
      dueDate: i.due_date,
      lines: i.lines ?? 0,
      total: i.total,
      currency: i.currency,
      minorUnits: i.minor_units ?? 2,
      status: i.status,
    })),
    retriedBy: retries.map((r) => ({ id: r.id, status: r.status, startedAt: r.started_at.toISOString() })),
  };
}
