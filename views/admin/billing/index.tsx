import type { BillingRunRow } from '../../../src/modules/billing/billing-run-row.ts';
import type { BillingPreview } from '../../../src/modules/billing/preview-billing.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, Notice, type Errors } from '../../components/form.tsx';
import { PreviewSection } from './_preview.tsx';
import { duration, RunStatus, Trigger, when } from './parts.tsx';
import { Pager } from '../../components/pager.tsx';

export interface RunList {
  items: BillingRunRow[];
  total: number;
  page: number;
  pages: number;
}

export interface RunsSectionProps {
  runs: RunList;
  canWrite: boolean;
  csrfToken: string | null;
  values?: { asOf?: string };
  errors?: Errors;
  /** Set right after staff started a run. */
  started?: number | null;
}

/**
 * The runs table. NOTE: while a run is still working it refreshes itself every few seconds
 * (only the table, so a date being typed into the run form is left alone).
 */
export function RunTable(props: { runs: RunList }) {
  const { items, page, pages } = props.runs;
  const live = items.some((r) => r.status === 'running');
  const poll = live
    ? { 'hx-get': `/admin/billing/runs?page=${page}`, 'hx-trigger': 'every 3s', 'hx-target': 'this', 'hx-swap': 'outerHTML' }
    : {};
  return (
    <div id="run-table" {...poll}>
      <table class="table">
        <caption class="sr-only">Billing runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Trigger</th>
            <th scope="col">As of</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Scanned
            </th>
            <th scope="col" class="num">
              Invoices
            </th>
            <th scope="col" class="num">
              Failures
            </th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr>
              <td>
                <a href={`/admin/billing/runs/${r.id}`}>#{r.id}</a>
              </td>
              <td class="nowrap">{when(r.startedAt)}</td>
              <td>
                <Trigger run={r} />
              </td>
              <td class="nowrap">{r.asOf}</td>
              <td>
                <RunStatus status={r.status} />
              </td>
              <td class="num">{r.scanned}</td>
              <td class="num">{r.invoices}</td>
              <td class="num">{r.failures > 0 ? <a href={`/admin/billing/runs/${r.id}#failures`}>{r.failures}</a> : 0}</td>
              <td class="nowrap">{duration(r.durationMs)}</td>
            </tr>
          ))}
          {items.length === 0 && (
            <tr>
              <td colspan={9} class="empty">
                No billing runs yet. The schedule starts one every hour.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={page} pages={pages} href={(p) => `/admin/billing?page=${p}`} label="Pages of runs" prev="← Newer" next="Older →" />
    </div>
  );
}

/** The run form, a message about the run just started, and the table: what the run button swaps. */
export function RunsSection(props: RunsSectionProps) {
  const e = props.errors ?? {};
  return (
    <section id="billing-runs" class="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      {props.canWrite && (
        <form
          method="post"
          action="/admin/billing/runs"
          hx-post="/admin/billing/runs"
          hx-target="#billing-runs"
          hx-swap="outerHTML"
          class="row"
        >
          <Csrf token={props.csrfToken} />
          <FormErrors errors={e} known={['asOf']} />
          <Field
            name="asOf"
            label="Bill as of"
            type="date"
            value={props.values?.asOf}
            error={e.asOf}
            hint="Leave blank for today. Periods starting up to the invoice lead time after this day are billed."
          />
          <div class="row-actions">
            <button type="submit" class="primary">
              Run billing now
            </button>
          </div>
        </form>
      )}
      {props.started && (
        <Notice kind="ok">
          Billing run <a href={`/admin/billing/runs/${props.started}`}>#{props.started}</a> started; its batches run on the workers.
        </Notice>
      )}
      <RunTable runs={props.runs} />
    </section>
  );
}

export function BillingPage(
  props: PageProps & RunsSectionProps & { preview: BillingPreview; days: string | number; previewErrors?: Errors },
) {
  return (
    <AdminLayout {...props} title="Billing" active="billing">
      <h1>Billing</h1>
      <p class="lead">
        Renewal runs: when they ran, what they scanned and invoiced, and what failed. Below, what the next days will invoice.
      </p>
      <RunsSection {...props} />
      <PreviewSection preview={props.preview} days={props.days} errors={props.previewErrors} />
    </AdminLayout>
  );
}
