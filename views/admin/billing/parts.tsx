import type { BillingRunRow } from '../../../src/modules/billing/billing-run-row.ts';

// Small pieces both billing pages use.

const TONE: Record<string, string> = { done: 'ok', running: 'warn', failed: 'status-inactive', pending: 'warn', abandoned: 'muted' };

export function RunStatus(props: { status: string }) {
  return <span class={`badge ${TONE[props.status] ?? 'muted'}`}>{props.status}</span>;
}

/** "2026-03-01 10:04 UTC" */
export const when = (iso: string | null) => (iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : '—');

/** "850 ms", "12.4 s", "3 min 05 s", "2 h 01 min"; a dash while running. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export const TRIGGER_LABELS: Record<string, string> = { schedule: 'Schedule', staff: 'Staff', api: 'API', retry: 'Retry' };

export function Trigger(props: { run: Pick<BillingRunRow, 'trigger' | 'actor' | 'retryOfId'> }) {
  const r = props.run;
  return (
    <>
      {TRIGGER_LABELS[r.trigger] ?? r.trigger}
      {r.retryOfId !== null && (
        <>
          {' '}
          of <a href={`/admin/billing/runs/${r.retryOfId}`}>#{r.retryOfId}</a>
        </>
      )}
      {r.actor !== 'system' && <div class="muted small">{r.actor}</div>}
    </>
  );
}
