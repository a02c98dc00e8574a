import type { ClientList, ClientRow } from '../../../src/modules/clients/list-clients.ts';
import type { ListClientsQuery } from '../../../src/modules/clients/clients.schemas.ts';
import { countryName } from '../../../src/modules/settings/rules/countries.ts';
import { formatMoney, fromDecimalString } from '../../../src/modules/shared/money.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Field, FormErrors, type Errors } from '../../components/form.tsx';
import { Pager } from '../../components/pager.tsx';

export type ClientListProps = ClientList & { errors?: Errors };

function href(q: Partial<ListClientsQuery>, page: number) {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  if (page > 1) params.set('page', String(page));
  if (q.perPage && q.perPage !== 25) params.set('perPage', String(q.perPage));
  const s = params.toString();
  return `/admin/clients${s ? `?${s}` : ''}`;
}

const balance = (c: ClientRow) => formatMoney(fromDecimalString(c.creditBalance), c.currency ?? '', 2).trim();

/** The part htmx swaps as the search changes; the full page renders it too. */
export function ClientResults(props: ClientListProps) {
  const q = props.query;
  return (
    <div id="client-results">
      <FormErrors errors={props.errors} />
      <p class="muted" aria-live="polite">
        {props.total} client{props.total === 1 ? '' : 's'}
        {q.q ? ` matching "${q.q}"` : ''}
      </p>
      <table class="table">
        <caption class="sr-only">Clients</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Country</th>
            <th scope="col">Services</th>
            <th scope="col">Credit</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr>
              <td>
                <a href={`/admin/clients/${c.id}`}>{c.name}</a>
                {!c.hasPassword && <span class="badge muted">invited</span>}
              </td>
              <td>{c.email}</td>
              <td>{countryName(c.country) || '—'}</td>
              <td>{c.services}</td>
              <td class="nowrap">{balance(c)}</td>
              <td class="nowrap">{c.createdAt.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
          {props.items.length === 0 && (
            <tr>
              <td colspan={6} class="empty">
                {q.q ? 'No clients match.' : 'No clients yet.'} <a href="/admin/clients/new">Create a client</a>.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={q.page} pages={props.pages} href={(page) => href(q, page)} target="client-results" />
    </div>
  );
}

export function ClientsPage(props: PageProps & ClientListProps & { canWrite: boolean }) {
  return (
    <AdminLayout {...props} title="Clients" active="clients">
      <div class="heading">
        <h1>Clients</h1>
        {props.canWrite && (
          <a class="button primary" href="/admin/clients/new">
            New client
          </a>
        )}
      </div>
      <form
        class="filters"
        method="get"
        action="/admin/clients"
        role="search"
        hx-get="/admin/clients"
        hx-target="#client-results"
        hx-select="#client-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="input changed delay:250ms from:input, submit"
      >
        <Field name="q" label="Search" type="search" value={props.query.q} placeholder="Name or email" maxlength={200} />
        <div class="field">
          <button type="submit">Search</button>
        </div>
      </form>
      <ClientResults {...props} />
    </AdminLayout>
  );
}
