// How a billing_run row reads everywhere it is shown: the list, the detail page and the API.

export type RunStatus = 'running' | 'done' | 'failed';

export interface BillingRunRow {
  id: number;
  trigger: string;
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

export const RUN_COLUMNS = `r.id, r.trigger, r.status, r.as_of::text as as_of, r.actor, r.retry_of_id, r.batches, r.scanned, r.invoices, r.failures, r.error, r.started_at, r.finished_at`;

export function runRow(r: Record<string, unknown>): BillingRunRow {
  const started = new Date(r.started_at as string);
  const finished = r.finished_at ? new Date(r.finished_at as string) : null;
  return {
    id: r.id as number,
    trigger: r.trigger as string,
    status: r.status as RunStatus,
    asOf: r.as_of as string,
    actor: r.actor as string,
    retryOfId: (r.retry_of_id as number | null) ?? null,
    batches: r.batches as number,
    scanned: r.scanned as number,
    invoices: r.invoices as number,
    failures: r.failures as number,
    error: (r.error as string | null) ?? null,
    startedAt: started.toISOString(),
    finishedAt: finished ? finished.toISOString() : null,
    durationMs: finished ? Math.max(0, finished.getTime() - started.getTime()) : null,
  };
}
