import type { Child } from 'hono/jsx';
import { Field } from '../../components/form.tsx';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';

export type ReportFilterValues = Record<string, string>;
export type ReportFilterErrors = Record<string, string | undefined>;
export type FilterField = { name: string; label: string; type?: string; hint?: string; maxlength?: number };

/**
 * A report's filter form: swaps the results with htmx and works as a plain form too. `fields`
 * are the inputs in order; each shows its own message.
 */
export function ReportFilters(props: {
  action: string;
  target: string;
  fields: FilterField[];
  values: ReportFilterValues;
  errors?: ReportFilterErrors;
}) {
  return (
    <form
      method="get"
      action={props.action}
      hx-get={props.action}
      hx-target={`#${props.target}`}
      hx-select={`#${props.target}`}
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      {props.fields.map((f) => (
        <Field
          name={f.name}
          label={f.label}
          type={f.type}
          value={props.values[f.name] ?? ''}
          error={props.errors?.[f.name]}
          hint={f.hint}
          maxlength={f.maxlength}
        />
      ))}
      <button type="submit">Show</button>
    </form>
  );
}

/** The query string of a report's filters, for its CSV link ('' when none is set). */
export function filterQuery(values: ReportFilterValues): string {
  const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

export const MONTH_FIELDS: FilterField[] = [
  { name: 'from', label: 'From month', type: 'month', hint: 'YYYY-MM; empty for 11 months before the last.' },
  { name: 'to', label: 'To month', type: 'month', hint: 'YYYY-MM; empty for this month.' },
];

export const CURRENCY_FIELD: FilterField = { name: 'currency', label: 'Currency', hint: 'Leave empty for every currency.', maxlength: 3 };

/** For drawing only: the tables print the exact text. */
export const plot = (amount: string) => Number(amount);

export type ReportPageProps = PageProps & { values: ReportFilterValues; errors?: ReportFilterErrors };

/** A report's page: its heading, what it counts, its filters, then its results (swapped by the filters). */
export function ReportPage(
  props: PageProps & {
    title: string;
    intro: string;
    action: string;
    target: string;
    fields: FilterField[];
    values: ReportFilterValues;
    errors?: ReportFilterErrors;
    children: Child;
  },
) {
  return (
    <AdminLayout
      title={props.title}
      active="reports"
      staff={props.staff}
      csrfToken={props.csrfToken}
      flash={props.flash}
      inbox={props.inbox}
    >
      <h1>{props.title}</h1>
      <p class="muted">{props.intro.replace(/\s+/g, ' ')}</p>
      <ReportFilters action={props.action} target={props.target} fields={props.fields} values={props.values} errors={props.errors} />
      {props.children}
    </AdminLayout>
  );
}

/** The results of a report: the period, its CSV link, and the figures or a line saying there are none. */
export function ReportResults(props: {
  id: string;
  period: string;
  csv: string;
  values: ReportFilterValues;
  empty: string | false;
  children: Child;
}) {
  return (
    <div id={props.id}>
      <p>
        {props.period}. <a href={`${props.csv}${filterQuery(props.values)}`}>Download CSV</a>
      </p>
      {props.empty ? <p class="muted">{props.empty}</p> : props.children}
    </div>
  );
}

/** A table's head row; the cells from `numFrom` on hold figures and align right. */
export function HeadRow(props: { cells: string[]; numFrom: number }) {
  return (
    <tr>
      {props.cells.map((h, i) => (
        <th class={i >= props.numFrom ? 'num' : undefined}>{h}</th>
      ))}
    </tr>
  );
}
