import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../shared/errors.ts';
import { RUN_COLUMNS, runRow, type BillingRunRow } from './billing-run-row.ts';

export type BatchStatus = 'pending' | 'done' | 'failed' | 'abandoned';

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
  invoiceList: { id: number; clientId: number; clientName: string; dueDate: string; lines: number; total: string; currency: string; minorUnits: number; status: string }[];
  /** Runs started as retries of this one, newest first. */
  retriedBy: { id: number; status: string; startedAt: string }[];
}

const BATCH_LIMIT = 500;
const FAILURE_LIMIT = 500;
const INVOICE_LIMIT = 200;
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** One run with its batches, its failures (with the service's client and package) and its retries. */
export async function loadBillingRun(em: EntityManager, runId: number): Promise<BillingRunDetail> {
  const conn = em.getConnection();
  const [run] = await conn.execute<Record<string, unknown>[]>(`select ${RUN_COLUMNS} from billing_run r where r.id = ?`, [runId]);
  if (!run) throw new NotFound('That billing run');
  const [counts, batches, failures, retries, invoices] = await Promise.all([
    conn.execute<{ status: BatchStatus; n: number }[]>('select status, count(*)::int as n from billing_run_batch where run_id = ? group by status', [runId]),
    conn.execute<Record<string, unknown>[]>(
      `select id, seq, after_client_id, up_to_client_id, status, scanned, invoices, failures, attempts, error, created_at, finished_at
         from billing_run_batch where run_id = ? order by seq limit ?`,
      [runId, BATCH_LIMIT],
    ),
    conn.execute<Record<string, unknown>[]>(
      `select f.id, f.service_id, f.reason, f.retried_at, f.created_at, s.id as sid, s.status as service_status, s.client_id, c.name as client_name, s.package_id, p.name as package_name
         from billing_run_failure f left join service s on s.id = f.service_id left join client c on c.id = s.client_id left join package p on p.id = s.package_id
        where f.run_id = ? order by f.id limit ?`,
      [runId, FAILURE_LIMIT],
    ),
    conn.execute<{ id: number; status: string; started_at: string }[]>('select id, status, started_at from billing_run where retry_of_id = ? order by started_at desc, id desc', [runId]),
    conn.execute<{ id: number; client_id: number; client_name: string; due_date: string; lines: number; total: string; currency: string; minor_units: number | null; status: string }[]>(
      `select i.id, i.client_id, c.name as client_name, i.due_date::text as due_date, (select count(*)::int from invoice_line l where l.invoice_id = i.id) as lines,
              i.total, i.currency, cur.minor_units, i.status
         from invoice i join client c on c.id = i.client_id left join currency cur on cur.code = i.currency
        where i.billing_run_id = ? order by i.id limit ?`,
      [runId, INVOICE_LIMIT],
    ),
  ]);
  const batchesByStatus: Record<BatchStatus, number> = { pending: 0, done: 0, failed: 0, abandoned: 0 };
  for (const c of counts) batchesByStatus[c.status] = c.n;
  return {
    ...runRow(run),
    batchesByStatus,
    batchList: batches.map((b) => ({
      id: b.id as number,
      seq: b.seq as number,
      afterClientId: b.after_client_id as number,
      upToClientId: b.up_to_client_id as number,
      status: b.status as BatchStatus,
      scanned: b.scanned as number,
      invoices: b.invoices as number,
      failures: b.failures as number,
      attempts: b.attempts as number,
      error: (b.error as string | null) ?? null,
      createdAt: iso(b.created_at)!,
      finishedAt: iso(b.finished_at),
    })),
    failureList: failures.map((f) => ({
      id: f.id as number,
      serviceId: f.service_id as number,
      reason: f.reason as string,
      retriedAt: iso(f.retried_at),
      createdAt: iso(f.created_at)!,
      service: f.sid
        ? { status: f.service_status as string, clientId: f.client_id as number, clientName: f.client_name as string, packageId: f.package_id as number, packageName: f.package_name as string }
        : null,
    })),
    invoiceList: invoices.map((i) => ({ id: i.id, clientId: i.client_id, clientName: i.client_name, dueDate: i.due_date, lines: i.lines, total: i.total, currency: i.currency, minorUnits: i.minor_units ?? 2, status: i.status })),
    retriedBy: retries.map((r) => ({ id: r.id, status: r.status, startedAt: iso(r.started_at)! })),
  };
}
