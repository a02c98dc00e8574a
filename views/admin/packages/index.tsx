import type { PackageRow, ListPackagesQuery } from '../../../src/modules/catalog/list-packages.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Field, Select, type Errors, FormErrors } from '../../components/form.tsx';
import { PACKAGE_STATUSES } from '../../../src/modules/catalog/rules/constants.ts';
import { Pager } from '../../components/pager.tsx';
import { statusName } from '../../components/status-name.ts';

export interface PackageListProps {
  items: PackageRow[];
  total: number;
  pages: number;
  query: ListPackagesQuery;
  catalogs: { id: number; name: string }[];
  errors?: Errors;
}

function href(q: Partial<ListPackagesQuery>, over: Partial<ListPackagesQuery>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...over })) {
    if (v !== undefined && v !== '' && v !== null && !(k === 'page' && v === 1) && !(k === 'perPage' && v === 25)) params.set(k, String(v));
  }
  const s = params.toString();
  return `/admin/packages${s ? `?${s}` : ''}`;
}

function SortHeader(props: { label: string; sort: ListPackagesQuery['sort']; query: ListPackagesQuery }) {
  const active = props.query.sort === props.sort;
  const dir = active && props.query.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (props.query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a
        href={href(props.query, { sort: props.sort, dir, page: 1 })}
        hx-get={href(props.query, { sort: props.sort, dir, page: 1 })}
        hx-target="#package-results"
        hx-select="#package-results"
        hx-swap="outerHTML"
        hx-push-url="true"
      >
        {props.label}
        {active ? (props.query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </a>
    </th>
  );
}

/** The part htmx swaps when the filters change; the full page renders it too. */
export function PackageResults(props: PackageListProps) {
  const q = props.query;
  return (
    <div id="package-results">
      <FormErrors errors={props.errors} />
      <p class="muted" aria-live="polite">
        {props.total} package{props.total === 1 ? '' : 's'}
        {q.q ? ` matching "${q.q}"` : ''}
      </p>
      <table class="table">
        <caption class="sr-only">Packages</caption>
        <thead>
          <tr>
            <SortHeader label="Name" sort="name" query={q} />
            <th scope="col">Catalog</th>
            <th scope="col">Status</th>
            <SortHeader label="In use / stock" sort="in_use" query={q} />
            <th scope="col">Prices</th>
            <SortHeader label="Created" sort="created" query={q} />
          </tr>
        </thead>
        <tbody>
          {props.items.map((p) => (
            <tr>
              <td>
                <a href={`/admin/packages/${p.id}`} class="pkg-name">
                  {p.iconPath ? <img src={`/uploads/${p.iconPath}`} alt="" width={20} height={20} /> : null}
                  {p.name}
                </a>
                <div class="muted small">
                  <code>{p.slug}</code>
                </div>
              </td>
              <td>{p.catalogName}</td>
              <td>
                <span class={`badge status-${p.status}`}>{p.status}</span>
              </td>
              <td class="nowrap">
                {p.inUse} / {p.stock === -1 ? '∞' : p.stock}
                {p.stock !== -1 && p.inUse >= p.stock ? <span class="badge warn">sold out</span> : null}
              </td>
              <td>{p.priceCount === 0 ? <span class="badge warn">none</span> : p.priceCount}</td>
              <td class="nowrap">{p.createdAt.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
          {props.items.length === 0 && (
            <tr>
              <td colspan={6} class="empty">
                No packages match. <a href="/admin/packages">Clear the filters</a> or <a href="/admin/packages/new">create a package</a>.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={q.page} pages={props.pages} href={(page) => href(q, { page })} target="package-results" />
    </div>
  );
}

export function PackagesPage(props: PageProps & PackageListProps & { canWrite: boolean }) {
  const q = props.query;
  return (
    <AdminLayout {...props} title="Packages" active="packages">
      <div class="heading">
        <h1>Packages</h1>
        {props.canWrite && (
          <a class="button primary" href="/admin/packages/new">
            New package
          </a>
        )}
      </div>
      <form
        class="filters"
        method="get"
        action="/admin/packages"
        role="search"
        hx-get="/admin/packages"
        hx-target="#package-results"
        hx-select="#package-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="input changed delay:250ms from:input, change from:select, submit"
      >
        <Field name="q" label="Search" type="search" value={q.q} placeholder="Name or slug" maxlength={200} />
        <Select
          name="catalog"
          label="Catalog"
          value={q.catalog}
          blank="All catalogs"
          options={props.catalogs.map((c) => [String(c.id), c.name] as const)}
        />
        <Select
          name="status"
          label="Status"
          value={q.status}
          blank="Any status"
          options={PACKAGE_STATUSES.map((s) => [s, statusName(s)] as const)}
        />
        <input type="hidden" name="sort" value={q.sort} />
        <input type="hidden" name="dir" value={q.dir} />
        <noscript>
          <button type="submit">Filter</button>
        </noscript>
      </form>
      <PackageResults {...props} />
    </AdminLayout>
  );
}
