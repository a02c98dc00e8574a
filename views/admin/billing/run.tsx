import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import type { BillingRunDetail } from '../../../src/modules/billing/load-billing-run.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../../components/form.tsx';
import { duration, RunStatus, Trigger, when } from './parts.tsx';
import { money } from '../../components/money.ts';
import { InvoiceStatus } from '../../components/invoice-lines.tsx';

/** The run's numbers and batches. NOTE: while the run works this part refreshes itself. */
export function RunProgress(props: { run: BillingRunDetail }) {
  const r = props.run;
  const b = r.batchesByStatus;
  const poll =
    r.status === 'running'
      ? {
          'hx-get': `/admin/billing/runs/${r.id}`,
          'hx-select': '#run-progress',
          'hx-trigger': 'every 3s',
          'hx-target': 'this',
          'hx-swap': 'outerHTML',
        }
      : {};
  return (
    <div id="run-progress" {...poll}>
      <section class="card">
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <RunStatus status={r.status} />
          </dd>
          <dt>Trigger</dt>
          <dd>
            <Trigger run={r} />
          </dd>
          <dt>As of</dt>
          <dd>{r.asOf}</dd>
          <dt>Started</dt>
          <dd>{when(r.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{r.finishedAt ? `${when(r.finishedAt)} (${duration(r.durationMs)})` : 'still running'}</dd>
          <dt>Services scanned</dt>
          <dd>{r.scanned}</dd>
          <dt>Invoices made</dt>
          <dd>{r.invoices}</dd>
          <dt>Failures</dt>
          <dd>{r.failures}</dd>
          <dt>Batches</dt>
          <dd>
            {r.batches} ({b.done} done, {b.pending} pending, {b.failed} failed, {b.abandoned} abandoned)
          </dd>
        </dl>
        {r.error && (
          <div class="notice error" role="alert">
            <strong>Error:</strong> {r.error}
          </div>
        )}
      </section>
      <section class="card">
        <h2>Batches</h2>
        {r.batchList.length === 0 ? (
          <p class="muted">No client was due, so the run had nothing to split.</p>
        ) : (
          <table class="table compact">
            <caption class="sr-only">Batches of run #{r.id}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Clients</th>
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
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Finished (UTC)</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {r.batchList.map((x) => (
                <tr>
                  <td>{x.seq}</td>
                  <td class="nowrap">
                    ids {x.afterClientId + 1}–{x.upToClientId}
                  </td>
                  <td>
                    <RunStatus status={x.status} />
                  </td>
                  <td class="num">{x.scanned}</td>
                  <td class="num">{x.invoices}</td>
                  <td class="num">{x.failures}</td>
                  <td class="num">{x.attempts}</td>
                  <td class="nowrap">{when(x.finishedAt)}</td>
                  <td>{x.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {r.batchList.length < r.batches && (
          <p class="muted small">
            The first {r.batchList.length} of {r.batches} batches.
          </p>
        )}
      </section>
    </div>
  );
}

export function RunPage(props: PageProps & { run: BillingRunDetail; canWrite: boolean; errors?: Errors }) {
  const r = props.run;
  return (
    <AdminLayout {...props} title={`Billing run #${r.id}`} active="billing">
      <p class="crumbs">
        <a href="/admin/billing">Billing</a> /
      </p>
      <div class="heading">
        <h1>Billing run #{r.id}</h1>
        {props.canWrite && r.status !== 'running' && (
          <div class="actions">
            <form
              method="post"
              action={`/admin/billing/runs/${r.id}/retry`}
              class="inline"
              hx-boost="true"
              hx-confirm={`Start a new run as of ${r.asOf}?`}
            >
              <Csrf token={props.csrfToken ?? null} />
              <button type="submit" class={r.failures > 0 || r.status === 'failed' ? 'primary' : ''}>
                Retry
              </button>
            </form>
          </div>
        )}
      </div>
      <FormErrors errors={props.errors} />
      {r.retriedBy.length > 0 && (
        <Notice kind="info">
          Retried by{' '}
          {r.retriedBy.map((x, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/admin/billing/runs/${x.id}`}>run #{x.id}</a> ({x.status})
            </>
          ))}
          .
        </Notice>
      )}
      <RunProgress run={r} />
      <section class="card" id="invoices">
        <h2>Invoices made</h2>
        {r.invoiceList.length === 0 ? (
          <p class="muted">This run made no invoices.</p>
        ) : (
          <table class="table compact">
            <caption class="sr-only">Invoices run #{r.id} made</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Client</th>
                <th scope="col">Due</th>
                <th scope="col" class="num">
                  Lines
                </th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {r.invoiceList.map((i) => (
                <tr>
                  <td>
                    <a href={`/admin/invoices/${i.id}`}>{invoiceNumber(i)}</a>
                  </td>
                  <td>
                    <a href={`/admin/clients/${i.clientId}`}>{i.clientName}</a>
                  </td>
                  <td class="nowrap">{i.dueDate}</td>
                  <td class="num">{i.lines}</td>
                  <td class="num nowrap">{money(i.total, i.currency, i.minorUnits)}</td>
                  <td>
                    <InvoiceStatus status={i.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {r.invoiceList.length < r.invoices && (
          <p class="muted small">
            The first {r.invoiceList.length} of {r.invoices} invoices.
          </p>
        )}
      </section>
      <section class="card" id="failures">
        <h2>Failures</h2>
        {r.failureList.length === 0 ? (
          <p class="muted">No service failed in this run.</p>
        ) : (
          <table class="table compact">
            <caption class="sr-only">Services run #{r.id} could not bill</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Client</th>
                <th scope="col">Package</th>
                <th scope="col">Reason</th>
                <th scope="col">Retried</th>
              </tr>
            </thead>
            <tbody>
              {r.failureList.map((f) => (
                <tr>
                  <td>
                    <a href={`/admin/services/${f.serviceId}`}>#{f.serviceId}</a>
                  </td>
                  <td>
                    {f.service ? (
                      <a href={`/admin/clients/${f.service.clientId}`}>{f.service.clientName}</a>
                    ) : (
                      <span class="muted">gone</span>
                    )}
                  </td>
                  <td>{f.service ? <a href={`/admin/packages/${f.service.packageId}`}>{f.service.packageName}</a> : ''}</td>
                  <td>{f.reason}</td>
                  <td class="nowrap">{f.retriedAt ? when(f.retriedAt) : <span class="muted">not yet</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {r.failureList.length < r.failures && (
          <p class="muted small">
            The first {r.failureList.length} of {r.failures} failures.
          </p>
        )}
      </section>
    </AdminLayout>
  );
}
