import type { FailedWork } from '../../../src/modules/outbox/list-failed-work.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Notice, type Errors } from '../../components/form.tsx';
import { Pager } from '../../components/pager.tsx';
import { when } from '../billing/parts.tsx';

export interface FailedWorkList {
  items: FailedWork[];
  total: number;
  state: 'all' | 'retrying' | 'gave-up';
  page: number;
  pages: number;
}

export interface WorkResultsProps {
  list: FailedWorkList;
  canWrite: boolean;
  csrfToken: string | null;
  errors?: Errors;
  /** Set right after staff retried one. */
  retried?: number | null;
}

const JOB_LABELS: Record<string, string> = {
  'send-mail': 'Email',
  'provision-service': 'Provisioning',
  'service-action': 'Service action',
  'renewal-batch': 'Renewal batch',
  'expire-order': 'Order expiry',
};

const href = (state: string, page = 1) =>
  `/admin/work?${new URLSearchParams({ ...(state !== 'all' ? { state } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`.replace(
    /\?$/,
    '',
  );

const iso = (d: Date) => d.toISOString();

function What(props: { work: FailedWork }) {
  const w = props.work;
  return (
    <>
      <strong>{JOB_LABELS[w.job] ?? w.job}</strong>
      {w.mail && (
        <div class="small">
          to {w.mail.to}: “{w.mail.subject}”
        </div>
      )}
      {w.serviceId !== null && (
        <div class="small">
          <a href={`/admin/services/${w.serviceId}`}>Service #{w.serviceId}</a>
        </div>
      )}
    </>
  );
}

function Next(props: { work: FailedWork }) {
  const w = props.work;
  if (w.state === 'gave-up') return <span class="badge status-inactive">Gave up</span>;
  return (
    <>
      <span class="badge warn">Retrying</span>
      <div class="muted small nowrap">next try {when(iso(w.retryAt!))}</div>
    </>
  );
}

/** The filter tabs, the table and its pager: what a retry swaps. */
export function WorkResults(props: WorkResultsProps) {
  const { items, state, page, pages } = props.list;
  const e = props.errors ?? {};
  return (
    <div id="work-results">
      <nav class="subtabs" aria-label="Show">
        {(
          [
            ['all', 'All'],
            ['retrying', 'Retrying'],
            ['gave-up', 'Gave up'],
          ] as const
        ).map(([key, label]) => (
          <a href={href(key)} aria-current={state === key ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {e._ && <Notice kind="error">{e._}</Notice>}
      {props.retried && <Notice kind="ok">Work #{props.retried} was handed to the workers again.</Notice>}
      <table class="table">
        <caption class="sr-only">Background work that failed, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Work</th>
            <th scope="col">Failed (UTC)</th>
            <th scope="col" class="num" title="Each round is one job with its own retries">
              Rounds
            </th>
            <th scope="col">Reason</th>
            <th scope="col">Next</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((w) => (
            <tr>
              <td>
                <What work={w} />
              </td>
              <td class="nowrap">{when(iso(w.failedAt))}</td>
              <td class="num">{w.attempts}</td>
              <td class="reason">{w.error}</td>
              <td>
                <Next work={w} />
              </td>
              <td>
                {props.canWrite && (
                  <form
                    method="post"
                    action={`/admin/work/${w.id}/retry`}
                    hx-post={`/admin/work/${w.id}/retry`}
                    hx-target="#work-results"
                    hx-swap="outerHTML"
                  >
                    <Csrf token={props.csrfToken} />
                    <input type="hidden" name="state" value={state} />
                    <button type="submit" class="small nowrap">
                      Retry now
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
          {items.length === 0 && (
            <tr>
              <td colspan={6} class="empty">
                Nothing has failed{state === 'gave-up' ? ' for good' : state === 'retrying' ? ' that is waiting to be retried' : ''}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={page} pages={pages} href={(p) => href(state, p)} label="Pages of failed work" />
    </div>
  );
}

/** "5 minutes", "90 seconds", "1 hour" */
export function every(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (ms < 120_000) return unit(Math.round(ms / 100) / 10, 'second');
  if (ms < 2 * 3_600_000) return unit(Math.round(ms / 60_000), 'minute');
  return unit(Math.round(ms / 3_600_000), 'hour');
}

export function WorkPage(props: PageProps & WorkResultsProps & { retryMs: number }) {
  return (
    <AdminLayout
      title="Background work"
      staff={props.staff}
      csrfToken={props.csrfToken}
      flash={props.flash}
      inbox={props.inbox}
      active="work"
    >
      <div class="heading">
        <h1>Background work</h1>
        <div class="actions">
          <a class="button" href="/admin/queues">
            Queue dashboard
          </a>
        </div>
      </div>
      <p class="lead">
        Emails, provisioning and billing run on the workers, each job retried with a growing delay. Work whose job used up its retries is
        listed here with the reason and handed over again {every(props.retryMs)} later, as often as it takes, so an outage of any length
        loses nothing. Work that failed in a way retrying cannot mend (a panel refusing the request) gives up: fix the cause, then retry it
        here.
      </p>
      <WorkResults {...props} />
    </AdminLayout>
  );
}
