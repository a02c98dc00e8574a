import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';
import type { ClientInvoiceRow } from '../../src/modules/clients/list-client-invoices.ts';
import type { ClientOrderRow } from '../../src/modules/clients/list-client-orders.ts';
import type { ClientServiceRow } from '../../src/modules/clients/list-client-services.ts';
import { formatMoney, fromDecimalString } from '../../src/modules/shared/money.ts';

// Read-only tables of a client's services, invoices and orders: the client area and the staff
// client page show the same ones.

const TONE: Record<string, string> = { active: 'ok', paid: 'ok', pending: 'warn', unpaid: 'warn', suspended: 'warn', draft: 'muted', void: 'muted', cancelled: 'muted', terminated: 'muted' };

function Status(props: { status: string }) {
  return <span class={`badge ${TONE[props.status] ?? ''}`}>{props.status}</span>;
}

function money(amount: string | null, currency: string | null, minor: number): string {
  if (!amount || !currency) return '—';
  try {
    return formatMoney(fromDecimalString(amount), currency, minor);
  } catch {
    // NOTE: a service's price snapshot is JSON, not a numeric column; show what is there.
    return `${amount} ${currency}`;
  }
}
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—');

function Empty(props: { cols: number; text: string }) {
  return (
    <tr>
      <td colspan={props.cols} class="empty">
        {props.text}
      </td>
    </tr>
  );
}

/** `link` is where a row's number points: the client area's page or the staff one. */
export function ServicesTable(props: { rows: ClientServiceRow[]; empty: string; link?: string }) {
  return (
    <table class="table" id="services">
      <caption class="sr-only">Services</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Package</th>
          <th scope="col">Status</th>
          <th scope="col">Price</th>
          <th scope="col">Next due</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((s) => (
          <tr>
            <td>{props.link ? <a href={`${props.link}${s.id}`}>#{s.id}</a> : s.id}</td>
            <td>{s.packageName}</td>
            <td>
              <Status status={s.status} />
            </td>
            <td class="nowrap">
              {money(s.amount, s.currency, s.minorUnits)}
              {s.priceName ? <span class="muted small"> · {s.priceName}</span> : null}
            </td>
            <td class="nowrap">{s.nextDueDate ?? '—'}</td>
            <td class="nowrap">{day(s.createdAt)}</td>
          </tr>
        ))}
        {props.rows.length === 0 && <Empty cols={6} text={props.empty} />}
      </tbody>
    </table>
  );
}

export function InvoicesTable(props: { rows: ClientInvoiceRow[]; empty: string; link?: string }) {
  return (
    <table class="table" id="invoices">
      <caption class="sr-only">Invoices</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Status</th>
          <th scope="col">Subtotal</th>
          <th scope="col">Tax</th>
          <th scope="col">Total</th>
          <th scope="col">Due</th>
          <th scope="col">Paid</th>
          {props.link && (
            <th scope="col">
              <span class="sr-only">Download</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((i) => (
          <tr>
            <td class="nowrap">{props.link ? <a href={`${props.link}${i.id}`}>{invoiceNumber(i)}</a> : invoiceNumber(i)}</td>
            <td>
              <Status status={i.status} />
            </td>
            <td class="nowrap">{money(i.subtotal, i.currency, i.minorUnits)}</td>
            <td class="nowrap">{money(i.tax, i.currency, i.minorUnits)}</td>
            <td class="nowrap">
              <strong>{money(i.total, i.currency, i.minorUnits)}</strong>
            </td>
            <td class="nowrap">{i.dueDate}</td>
            <td class="nowrap">{day(i.paidAt)}</td>
            {props.link && (
              <td>
                <a href={`${props.link}${i.id}/pdf`} download aria-label={`Download invoice ${invoiceNumber(i)} as PDF`}>
                  PDF
                </a>
              </td>
            )}
          </tr>
        ))}
        {props.rows.length === 0 && <Empty cols={props.link ? 8 : 7} text={props.empty} />}
      </tbody>
    </table>
  );
}

/** `invoiceLink` is where the invoice column points (client area or staff). */
export function OrdersTable(props: { rows: ClientOrderRow[]; empty: string; invoiceLink?: string }) {
  return (
    <table class="table" id="orders">
      <caption class="sr-only">Orders</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Items</th>
          <th scope="col">Status</th>
          <th scope="col">Total</th>
          <th scope="col">Invoice</th>
          <th scope="col">Placed</th>
          <th scope="col">Paid</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((o) => (
          <tr>
            <td>{o.id}</td>
            <td>{o.items || '—'}</td>
            <td>
              <Status status={o.status} />
            </td>
            <td class="nowrap">{money(o.total, o.currency, o.minorUnits)}</td>
            <td class="nowrap">{o.invoiceId === null ? '—' : props.invoiceLink ? <a href={`${props.invoiceLink}${o.invoiceId}`}>#{o.invoiceId}</a> : `#${o.invoiceId}`}</td>
            <td class="nowrap">{day(o.createdAt)}</td>
            <td class="nowrap">{day(o.paidAt)}</td>
          </tr>
        ))}
        {props.rows.length === 0 && <Empty cols={7} text={props.empty} />}
      </tbody>
    </table>
  );
}
