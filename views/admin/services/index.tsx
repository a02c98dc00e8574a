import type { ServiceRow } from '../../../src/modules/services/list-services.ts';
import { hasEnded, SERVICE_STATUSES } from '../../../src/modules/shared/statuses.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Field, FormErrors, Select, type Errors } from '../../components/form.tsx';
import { Pager } from '../../components/pager.tsx';
import { statusName } from '../../components/status-name.ts';

export interface ServiceListProps {
  items: ServiceRow[];
  total: number;
  pages: number;
  query: { q: string; status?: string; failed?: boolean; page: number };
  errors?: Errors;
}

const link = (q: ServiceListProps['query'], page: number) =>
  `/admin/services?${new URLSearchParams({ ...(q.q ? { q: q.q } : {}), ...(q.status ? { status: q.status } : {}), ...(q.failed ? { failed: '1' } : {}), page: String(page) })}`;

export function ServiceResults(props: ServiceListProps) {
  return (
    <div id="service-results">
      <FormErrors errors={props.errors} />
      <p class="muted" aria-live="polite">
        {props.total} service{props.total === 1 ? '' : 's'}
      </p>
      <table class="table">
        <caption class="sr-only">Services</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Client</th>
            <th scope="col">Package</th>
            <th scope="col">Status</th>
            <th scope="col">Next due</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((s) => (
            <tr>
              <td>
                <a href={`/admin/services/${s.id}`}>#{s.id}</a>
              </td>
              <td>
                {s.clientName} <div class="muted small">{s.clientEmail}</div>
              </td>
              <td>{s.packageName}</td>
              <td>
                <span class={`badge service-${s.status}`}>{s.status}</span>
                {s.lastError && s.status === 'pending' && <div class="error small">{s.lastError}</div>}
              </td>
              <td class="nowrap">
                {hasEnded(s.status) ? '—' : (s.nextDueDate ?? '—')}
                {!hasEnded(s.status) && s.cancelAt && <div class="muted small">Cancelled: ends {s.cancelAt}</div>}
              </td>
            </tr>
          ))}
          {props.items.length === 0 && (
            <tr>
              <td colspan={5} class="empty">
                No services match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={props.query.page} pages={props.pages} href={(page) => link(props.query, page)} />
    </div>
  );
}

export function ServicesPage(props: PageProps & ServiceListProps) {
  return (
    <AdminLayout {...props} title="Services" active="services">
      <h1>Services</h1>
      <form
        class="filters"
        method="get"
        action="/admin/services"
        role="search"
        hx-get="/admin/services"
        hx-target="#service-results"
        hx-select="#service-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="input changed delay:250ms from:input, change from:select, submit"
      >
        <Field name="q" label="Search" type="search" value={props.query.q} placeholder="Client, email, package or #id" maxlength={200} />
        <Select
          name="status"
          label="Status"
          value={props.query.status}
          blank="Any status"
          options={SERVICE_STATUSES.map((s) => [s, statusName(s)] as const)}
        />
        {/* NOTE: a select, not a checkbox: the checkbox's hidden "0" would come first in the query and win. */}
        <Select name="failed" label="Provisioning" value={props.query.failed ? '1' : ''} blank="Any" options={[['1', 'Failed']] as const} />
        <noscript>
          <button type="submit">Filter</button>
        </noscript>
      </form>
      <ServiceResults {...props} />
    </AdminLayout>
  );
}
