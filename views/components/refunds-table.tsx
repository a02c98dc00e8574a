import type { InvoiceRefunds } from '../../src/modules/invoicing/load-invoice-refunds.ts';
import { Csrf } from './form.tsx';
import { dateTime, money } from './money.ts';
import { t } from '../../src/i18n/locale.ts';

// An invoice's refunds and credit notes: the staff invoice page and the client's show the same
// notes; staff also see who refunded and what is still waiting for the gateway.

const STATUS_TONE: Record<string, string> = { succeeded: 'ok', pending: 'warn', failed: 'bad' };
const GATEWAYS = new Set(['credit', 'manual', 'test', 'stripe']);

export const refundDestinationName = (destination: string, gateway: string) =>
  destination === 'gateway'
    ? t('common:refunds.toOriginal', { gateway: GATEWAYS.has(gateway) ? t(`common:refunds.gateways.${gateway}`) : gateway })
    : t(destination === 'manual' ? 'common:refunds.byTransfer' : 'common:refunds.toCredit');

/** The headings, then the amount column every table here ends with. */
function Head(props: { labels: readonly string[] }) {
  return (
    <thead>
      <tr>
        {props.labels.map((l) => (
          <th scope="col">{l}</th>
        ))}
        <th scope="col" class="num">
          {t('common:charges.amount')}
        </th>
      </tr>
    </thead>
  );
}

/** `retry`: staff may ask the gateway again about a refund left pending (retry-pending-refund.ts says when). */
export function RefundsTable(props: {
  refunds: InvoiceRefunds['refunds'];
  currency: string;
  minorUnits: number;
  retry?: { invoiceId: number; csrfToken: string | null };
}) {
  if (!props.refunds.length) return null;
  return (
    <table class="table compact" id="refunds">
      <caption class="sr-only">{t('common:refunds.caption')}</caption>
      <Head
        labels={[
          t('common:payments.when'),
          t('common:refunds.to'),
          t('common:tables.status'),
          t('common:refunds.creditNote'),
          t('common:refunds.by'),
        ]}
      />
      <tbody>
        {props.refunds.map((r) => (
          <tr>
            <td class="nowrap">{dateTime(r.at)}</td>
            <td>
              {refundDestinationName(r.destination, r.gateway)}
              {r.reason && <div class="muted small">{r.reason}</div>}
              {r.failure && <div class="error small">{r.failure}</div>}
            </td>
            <td>
              <span class={`badge ${STATUS_TONE[r.status] ?? ''}`}>{t(`common:status.refund.${r.status}`)}</span>
              {r.status === 'pending' && props.retry && (
                <form
                  method="post"
                  action={`/admin/invoices/${props.retry.invoiceId}/refunds/${r.id}/retry`}
                  class="inline"
                  hx-boost="true"
                >
                  <Csrf token={props.retry.csrfToken} />
                  <button type="submit" class="small">
                    {t('common:refunds.retry')}
                  </button>
                </form>
              )}
            </td>
            <td class="nowrap">{r.creditNoteNumber ?? '—'}</td>
            <td>{r.staffName ?? '—'}</td>
            <td class="num nowrap">{money(r.amount, props.currency, props.minorUnits)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `pdfHref` links each note to its PDF (the staff and the client download from different places). */
export function CreditNotesTable(props: {
  notes: InvoiceRefunds['creditNotes'];
  currency: string;
  minorUnits: number;
  pdfHref?: (id: number) => string;
}) {
  if (!props.notes.length) return null;
  return (
    <table class="table compact" id="credit-notes">
      <caption class="sr-only">{t('common:refunds.creditNotes')}</caption>
      <Head
        labels={[t('common:refunds.creditNote'), t('common:refunds.issued'), t('common:refunds.refundedTo'), t('common:refunds.reason')]}
      />
      <tbody>
        {props.notes.map((n) => (
          <tr>
            <td class="nowrap">
              <strong>{n.number}</strong>
              {props.pdfHref && (
                <>
                  {' '}
                  <a href={props.pdfHref(n.id)} download class="small" aria-label={t('common:refunds.downloadPdf', { number: n.number })}>
                    PDF
                  </a>
                </>
              )}
            </td>
            <td class="nowrap">{dateTime(n.issuedAt)}</td>
            <td>{refundDestinationName(n.destination, n.gateway)}</td>
            <td class="prose">{n.reason || '—'}</td>
            <td class="num nowrap">{money(n.amount, props.currency, props.minorUnits)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
