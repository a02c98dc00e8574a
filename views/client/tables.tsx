import { InvoiceStatus, RefundBadge } from '../components/invoice-lines.tsx';
import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';
import type { ClientInvoiceRow } from '../../src/modules/clients/list-client-invoices.ts';
import type { ClientOrderRow } from '../../src/modules/clients/list-client-orders.ts';
import type { ClientServiceRow } from '../../src/modules/clients/list-client-services.ts';
import { fromDecimalString } from '../../src/modules/shared/money.ts';
import { formatMoneyIn } from '../../src/i18n/format.ts';
import { currentLanguage, t } from '../../src/i18n/locale.ts';
import { date } from '../components/money.ts';
import { hasEnded } from '../../src/modules/shared/statuses.ts';

// Read-only tables of a client's services, invoices and orders: the client area and the staff
// client page show the same ones.

const TONE: Record<string, string> = {
  active: 'ok',
  paid: 'ok',
  pending: 'warn',
  unpaid: 'warn',
  suspended: 'warn',
  draft: 'muted',
  void: 'muted',
  cancelled: 'muted',
  terminated: 'muted',
};

function Status(props: { kind: 'service' | 'invoice' | 'order'; status: string }) {
  return <span class={`badge ${TONE[props.status] ?? ''}`}>{t(`common:status.${props.kind}.${props.status}`)}</span>;
}

function money(amount: string | null, currency: string | null, minor: number): string {
  if (!amount || !currency) return '—';
  try {
    return formatMoneyIn(currentLanguage(), fromDecimalString(amount), currency, minor);
  } catch {
    // NOTE: a service's price snapshot is JSON, not a numeric column; show what is there.
    return `${amount} ${currency}`;
  }
}
const day = (d: Date | null) => date(d?.toISOString());

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
      <caption class="sr-only">{t('common:tables.services.caption')}</caption>
      <thead>
        <tr>
          <th scope="col" class="wide-only">
            #
          </th>
          <th scope="col">{t('common:tables.services.package')}</th>
          <th scope="col">{t('common:tables.status')}</th>
          <th scope="col">{t('common:tables.services.price')}</th>
          <th scope="col">{t('common:tables.services.nextDue')}</th>
          <th scope="col" class="wide-only">
            {t('common:tables.services.since')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((s) => (
          <tr>
            <td class="wide-only">{props.link ? <a href={`${props.link}${s.id}`}>#{s.id}</a> : s.id}</td>
            {/* On a phone, where the number gives way, the name is the link. */}
            <td>{props.link ? <a href={`${props.link}${s.id}`}>{s.packageName}</a> : s.packageName}</td>
            <td>
              <Status kind="service" status={s.status} />
            </td>
            <td>
              {/* The price name may go under the amount on a narrow screen. */}
              <span class="nowrap">{money(s.amount, s.currency, s.minorUnits)}</span>
              {s.priceName ? (
                <>
                  {' '}
                  <span class="muted small nowrap">· {s.priceName}</span>
                </>
              ) : null}
            </td>
            <td>
              <NextDue {...s} />
            </td>
            <td class="nowrap wide-only">{day(s.createdAt)}</td>
          </tr>
        ))}
        {props.rows.length === 0 && <Empty cols={6} text={props.empty} />}
      </tbody>
    </table>
  );
}

/** A service's next due date, "Ends <date>" when it is cancelled for the end of its term (it will not renew), or a dash once it has ended. */
export function NextDue(props: { status: ClientServiceRow['status']; nextDueDate: string | null; cancelAt: string | null }) {
  if (hasEnded(props.status)) return <>—</>;
  return <>{props.cancelAt ? t('client:dashboard.services.endsOn', { date: date(props.cancelAt) }) : date(props.nextDueDate)}</>;
}

/** "overdue" beside the due date of an unpaid invoice past it (`today`: the calendar date, UTC). */
export function OverdueMark(props: { status: string; dueDate: string; today: string }) {
  return props.status === 'unpaid' && props.dueDate < props.today ? (
    <span class="badge bad">{t('common:tables.invoices.overdue')}</span>
  ) : null;
}

export function InvoicesTable(props: { rows: ClientInvoiceRow[]; empty: string; link?: string; today: string }) {
  return (
    <table class="table" id="invoices">
      <caption class="sr-only">{t('common:tables.invoices.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('common:tables.status')}</th>
          <th scope="col" class="wide-only">
            {t('common:totals.subtotal')}
          </th>
          <th scope="col" class="wide-only">
            {t('common:totals.tax')}
          </th>
          <th scope="col">{t('common:totals.total')}</th>
          <th scope="col">{t('common:tables.invoices.due')}</th>
          <th scope="col" class="wide-only">
            {t('common:tables.invoices.paid')}
          </th>
          {props.link && (
            <th scope="col">
              <span class="sr-only">{t('common:tables.invoices.download')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((i) => (
          <tr>
            <td class="nowrap">{props.link ? <a href={`${props.link}${i.id}`}>{invoiceNumber(i)}</a> : invoiceNumber(i)}</td>
            <td>
              <InvoiceStatus status={i.status} /> <RefundBadge refunded={i.refunded} total={i.total} />
            </td>
            <td class="nowrap wide-only">{money(i.subtotal, i.currency, i.minorUnits)}</td>
            <td class="nowrap wide-only">{money(i.tax, i.currency, i.minorUnits)}</td>
            <td class="nowrap">
              <strong>{money(i.total, i.currency, i.minorUnits)}</strong>
            </td>
            <td class="nowrap">
              {date(i.dueDate)} <OverdueMark status={i.status} dueDate={i.dueDate} today={props.today} />
            </td>
            <td class="nowrap wide-only">{day(i.paidAt)}</td>
            {props.link && (
              <td>
                <a
                  href={`${props.link}${i.id}/pdf`}
                  download
                  aria-label={t('common:tables.invoices.downloadPdf', { number: invoiceNumber(i) })}
                >
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
export function OrdersTable(props: {
  rows: ClientOrderRow[];
  empty: string;
  invoiceLink?: string;
  /** Where an order's number links (staff's order page); plain text without it. */
  orderLink?: string;
}) {
  return (
    <table class="table" id="orders">
      <caption class="sr-only">{t('common:tables.orders.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('common:tables.orders.items')}</th>
          <th scope="col">{t('common:tables.status')}</th>
          <th scope="col">{t('common:totals.total')}</th>
          <th scope="col">{t('common:tables.orders.invoice')}</th>
          <th scope="col">{t('common:tables.orders.placed')}</th>
          <th scope="col" class="wide-only">
            {t('common:tables.invoices.paid')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((o) => (
          <tr>
            <td>{props.orderLink ? <a href={`${props.orderLink}${o.id}`}>#{o.id}</a> : o.id}</td>
            <td>{o.items || '—'}</td>
            <td>
              <Status kind="order" status={o.status} />
            </td>
            <td class="nowrap">{money(o.total, o.currency, o.minorUnits)}</td>
            <td class="nowrap">
              {o.invoiceId === null ? (
                '—'
              ) : props.invoiceLink ? (
                <a href={`${props.invoiceLink}${o.invoiceId}`}>{invoiceNumber({ id: o.invoiceId, number: o.invoiceNumber })}</a>
              ) : (
                invoiceNumber({ id: o.invoiceId, number: o.invoiceNumber })
              )}
            </td>
            <td class="nowrap">{day(o.createdAt)}</td>
            <td class="nowrap">{day(o.paidAt)}</td>
          </tr>
        ))}
        {props.rows.length === 0 && <Empty cols={7} text={props.empty} />}
      </tbody>
    </table>
  );
}
