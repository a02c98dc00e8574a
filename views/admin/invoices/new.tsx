import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Checkbox, Csrf, Field, FormErrors, type Errors } from '../../components/form.tsx';
import { MAX_MANUAL_LINES, type ManualLineForm } from '../../../src/modules/invoicing/rules/manual-invoice.ts';

/** The rows the form opens with, and never fewer after a refusal. */
export const BLANK_ROWS = 3;

export interface NewInvoiceProps extends PageProps {
  client: { id: number; name: string; email: string; currency: string | null };
  /** The client's currency, else the store's default: what the invoice is written in. */
  currency: string;
  lines: ManualLineForm[];
  /** How many rows to show: the lines plus blank ones. */
  rows: number;
  dueDate: string;
  sendEmail: boolean | string;
  today: string;
  /** Sent with the form: the same form posted twice (a double click) writes one invoice. */
  requestKey: string;
  errors?: Errors;
}

const FIELDS = ['dueDate', 'sendEmail', 'lines'];
const isRowError = (key: string) => /^lines\.\d+\./.test(key);

/**
 * Staff write an invoice by hand: a row per line (description, amount, taxed or not), a due date,
 * and whether the client is emailed. "Add a line" posts the form back with one more row, so it
 * works without JavaScript; blank rows are left out.
 */
export function NewInvoicePage(props: NewInvoiceProps) {
  const c = props.client;
  const errors = props.errors ?? {};
  const rows = Array.from({ length: props.rows }, (_, i) => props.lines[i] ?? { description: '', amount: '', taxable: false });
  const loose = Object.fromEntries(Object.entries(errors).filter(([k]) => !isRowError(k)));
  return (
    <AdminLayout {...props} title={`New invoice for ${c.name}`} active="clients">
      <p class="crumbs">
        <a href="/admin/clients">Clients</a> / <a href={`/admin/clients/${c.id}`}>{c.name}</a> /
      </p>
      <h1>New invoice</h1>
      <section class="card">
        <p class="lead">
          For {c.name} ({c.email}), in {props.currency}. Each line is taxed at the client's rate when ticked, as their other invoices are;
          the invoice is numbered as soon as it is made.
        </p>
        <FormErrors errors={loose} known={FIELDS.filter((f) => f !== 'lines')} />
        <form method="post" action={`/admin/clients/${c.id}/invoices`} class="stack" hx-boost="true">
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="requestKey" value={props.requestKey} />
          <table class="table compact manual-lines">
            <caption class="sr-only">Invoice lines</caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col" class="num">
                  Amount ({props.currency})
                </th>
                <th scope="col">Taxed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <LineRow row={r} index={i} currency={props.currency} errors={errors} />
              ))}
            </tbody>
          </table>
          {props.rows < MAX_MANUAL_LINES && (
            <div>
              <button type="submit" name="more" value="1" formnovalidate>
                Add a line
              </button>
            </div>
          )}
          <Field
            name="dueDate"
            label="Due date"
            type="date"
            value={props.dueDate}
            error={errors.dueDate}
            hint={`Today (${props.today}) or later.`}
            extra={{ min: props.today }}
          />
          <Checkbox
            name="sendEmail"
            label="Email the invoice to the client, with its PDF"
            checked={props.sendEmail}
            error={errors.sendEmail}
          />
          <div>
            <button type="submit" class="primary">
              Create invoice
            </button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}

function LineRow(props: { row: ManualLineForm; index: number; currency: string; errors: Errors }) {
  const { row, index: i, errors } = props;
  const descError = errors[`lines.${i}.description`];
  const amountError = errors[`lines.${i}.amount`];
  return (
    <tr>
      <td>
        <label for={`line-description-${i}`} class="sr-only">{`Line ${i + 1} description`}</label>
        <input
          id={`line-description-${i}`}
          name="description[]"
          value={row.description}
          maxlength={300}
          aria-invalid={descError ? 'true' : undefined}
          aria-describedby={descError ? `line-description-${i}-error` : undefined}
        />
        {descError && (
          <p class="error" id={`line-description-${i}-error`} role="alert">
            {descError}
          </p>
        )}
      </td>
      <td class="num">
        <label for={`line-amount-${i}`} class="sr-only">{`Line ${i + 1} amount in ${props.currency}`}</label>
        <input
          id={`line-amount-${i}`}
          name="amount[]"
          value={row.amount}
          inputmode="decimal"
          placeholder="0.00"
          aria-invalid={amountError ? 'true' : undefined}
          aria-describedby={amountError ? `line-amount-${i}-error` : undefined}
        />
        {amountError && (
          <p class="error" id={`line-amount-${i}-error`} role="alert">
            {amountError}
          </p>
        )}
      </td>
      <td>
        <input type="checkbox" id={`line-taxable-${i}`} name="taxable[]" value={String(i)} checked={row.taxable} />
        <label for={`line-taxable-${i}`} class="sr-only">{`Line ${i + 1} taxed`}</label>
      </td>
    </tr>
  );
}
