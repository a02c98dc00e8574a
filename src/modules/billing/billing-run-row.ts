import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { RunStatus, RunTrigger } from './rules/constants.ts';

// How a billing_run row reads everywhere it is shown: the list, the detail page and the API.

export interface BillingRunRow {
  id: number;
  trigger: RunTrigger;
  status: RunStatus;
  asOf: string;
  actor: string;
  retryOfId: number | null;
  batches: number;
  scanned: number;
  invoices: number;
  failures: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Milliseconds from start to finish; null while running. */
  durationMs: number | null;
}

/** The runs, as `r`, with the columns runRow reads. */
export function selectRuns(em: EntityManager) {
  return db(em)
    .selectFrom('billing_run as r')
    .select([
      'r.id',
      'r.trigger',
      'r.status',
      'r.as_of',
      'r.actor',
      'r.retry_of_id',
      'r.batches',
      'r.scanned',
      'r.invoices',
      'r.failures',
      'r.error',
      'r.started_at',
      'r.finished_at',
    ]);
}

type RunRecord = Awaited<ReturnType<ReturnType<typeof selectRuns>['executeTakeFirstOrThrow']>>;

export function runRow(r: RunRecord): BillingRunRow {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    asOf: r.as_of,
    actor: r.actor,
    retryOfId: r.retry_of_id,
    batches: r.batches,
    scanned: r.scanned,
    invoices: r.invoices,
    failures: r.failures,
    error: r.error,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    durationMs: r.finished_at ? Math.max(0, r.finished_at.getTime() - r.started_at.getTime()) : null,
  };
}
