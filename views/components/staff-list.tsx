import type { Child } from 'hono/jsx';
import type { ListPage } from '../../src/modules/shared/list-query.ts';
import { Field, FormErrors, type Errors } from './form.tsx';
import { money } from './money.ts';
import { Pager } from './pager.tsx';

// The shape the staff lists share: a filter form that is a plain GET form without JavaScript and
// swaps only the results through htmx (the address follows), the results with their count, a
// table, a pager, and totals per currency for everything the filters match.

/** The address of one page of a list, every filter kept, blanks and defaults left out. */
export function listHref(path: string, params: object, page: number) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as [string, unknown][]) {
    if (value === undefined || value === '' || value === false || key === 'page' || (key === 'perPage' && value === 25)) continue;
    // A filter's value is text, a number or a ticked box; nothing else belongs in an address.
    if (typeof value !== 'string' && typeof value !== 'number' && value !== true) continue;
    search.set(key, value === true ? '1' : String(value));
  }
  if (page > 1) search.set('page', String(page));
  const s = search.toString();
  return `${path}${s ? `?${s}` : ''}`;
}

/** The search box, the date range (of creation unless `dateLabel` names another), the list's own filters (children), then the buttons. */
export function FilterForm(props: {
  action: string;
  target: string;
  label: string;
  placeholder: string;
  dateLabel?: string;
  query: { q: string; from?: string; to?: string };
  errors?: Errors;
  children?: Child;
}) {
  const e = props.errors ?? {};
  return (
    <form
      class="filters wide"
      method="get"
      action={props.action}
      role="search"
      aria-label={props.label}
      hx-get={props.action}
      hx-target={`#${props.target}`}
      hx-select={`#${props.target}`}
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="input changed delay:300ms from:input[type=search], change, submit"
    >
      <Field name="q" label="Search" type="search" value={props.query.q} placeholder={props.placeholder} maxlength={200} error={e.q} />
      <Field name="from" label={`${props.dateLabel ?? 'Created'} from`} type="date" value={props.query.from} error={e.from} />
      <Field name="to" label={`${props.dateLabel ?? 'Created'} to`} type="date" value={props.query.to} error={e.to} />
      {props.children}
      <div class="field">
        <button type="submit">Filter</button> <a href={props.action}>Clear</a>
      </div>
    </form>
  );
}

/** A checkbox for a GET filter: absent when unticked, so the address stays short. */
export function FilterCheckbox(props: { name: string; label: string; checked: boolean }) {
  return (
    <div class="field checkbox">
      <input type="checkbox" id={`filter-${props.name}`} name={props.name} value="1" checked={props.checked} />
      <label for={`filter-${props.name}`}>{props.label}</label>
    </div>
  );
}

export function ListResults(props: {
  id: string;
  /** Where the list lives: the pager's links keep its filters. */
  path: string;
  list: ListPage<unknown, object> & { errors?: Errors };
  noun: [string, string];
  /** What the rows the sums leave out are called ('void', 'cancelled'). */
  uncounted?: string;
  caption: string;
  /** The column headings; the last two are the total and the amount due, which the totals row fills. */
  columns: readonly string[];
  rows: Child;
  empty: string;
  /** A last column of row actions after the amounts, headed by this (read by screen readers only). */
  actions?: string;
}) {
  const list = props.list;
  const n = (count: number) => `${count} ${count === 1 ? props.noun[0] : props.noun[1]}`;
  const amountsAt = props.columns.length - 2;
  const width = props.columns.length + (props.actions ? 1 : 0);
  return (
    <div id={props.id} class="list-results">
      <FormErrors errors={list.errors} />
      <p class="muted" aria-live="polite">
        {n(list.total)}
      </p>
      <table class="table">
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((label, i) => (
              <th scope="col" class={i >= amountsAt ? 'num' : undefined}>
                {label}
              </th>
            ))}
            {props.actions && (
              <th scope="col">
                <span class="sr-only">{props.actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {props.rows}
          {list.total === 0 && (
            <tr>
              <td colspan={width} class="empty">
                {props.empty}
              </td>
            </tr>
          )}
          {list.total > 0 && list.items.length === 0 && (
            <tr>
              <td colspan={width} class="empty">
                Nothing on page {list.page}: the list has {list.pages} page{list.pages === 1 ? '' : 's'}.{' '}
                <a href={listHref(props.path, list.query, list.pages)}>Go to the last page</a>
              </td>
            </tr>
          )}
        </tbody>
        {list.totals.length > 0 && (
          <tfoot class="currency-totals">
            {list.totals.map((t) => (
              <tr>
                <th scope="row" colspan={amountsAt}>
                  Total in {t.currency} ({n(t.count)}
                  {t.uncounted > 0 && `; ${t.uncounted} ${props.uncounted ?? 'more'} not counted`})
                </th>
                <td class="num nowrap">{money(t.total, t.currency, t.minorUnits)}</td>
                <td class="num nowrap">{money(t.amountDue, t.currency, t.minorUnits)}</td>
                {props.actions && <td />}
              </tr>
            ))}
          </tfoot>
        )}
      </table>
      <Pager page={list.page} pages={list.pages} href={(page) => listHref(props.path, list.query, page)} target={props.id} />
    </div>
  );
}
