import type { InvoiceRefunds } from '../../src/modules/invoicing/load-invoice-refunds.ts';
import { Csrf } from './form.tsx';
import { money } from './money.ts';

// An invoice's refunds and credit notes: the staff invoice page and the client's show the same
// notes; staff also see who refunded and what is still waiting for the gateway.

const STATUS_TONE: Record<string, string> = { succeeded: 'ok', pending: 'warn', failed: 'bad' };
const GATEWAY_NAMES: Record<string, string> = { credit: 'Account credit', manual: 'Bank transfer', test: 'Test gateway', stripe: 'Card (Stripe)' };

export const refundDestinationName = (destination: string, gateway: string) =>
  destination === 'gateway' ? `Back to the original payment (${GATEWAY_NAMES[gateway] ?? gateway})` : destination === 'manual' ? 'Paid back by bank transfer' : 'Account credit';

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/** The headings, then the amount column every table here ends with. */
function Head(props: { labels: readonly string[] }) {
  return (
    <thead>
      <tr>
        {props.labels.map((l) => (
          <th scope="col">{l}</th>
        ))}
        <th scope="col" class="num">
          Amount
        </th>
      </tr>
    </thead>
  );
}

/** `retry`: staff may ask the gateway again about a refund left pending (retry-pending-refund.ts says when). */
export function RefundsTable(props: { refunds: InvoiceRefunds['refunds']; currency: string; minorUnits: number; retry?: { invoiceId: number; csrfToken: string | null } }) {
  if (!props.refunds.length) return null;
  return (
    <table class="table compact" id="refunds">
      <caption class="sr-only">Refunds</caption>
      <Head labels={['When (UTC)', 'To', 'Status', 'Credit note', 'By']} />
      <tbody>
        {props.refunds.map((r) => (
          <tr>
            <td class="nowrap">{when(r.at)}</td>
            <td>
              {refundDestinationName(r.destination, r.gateway)}
              {r.reason && <div class="muted small">{r.reason}</div>}
              {r.failure && <div class="error small">{r.failure}</div>}
            </td>
            <td>
              <span class={`badge ${STATUS_TONE[r.status] ?? ''}`}>{r.status}</span>
              {r.status === 'pending' && props.retry && (
                <form method="post" action={`/admin/invoices/${props.retry.invoiceId}/refunds/${r.id}/retry`} class="inline" hx-boost="true">
                  <Csrf token={props.retry.csrfToken} />
                  <button type="submit" class="small">
                    Ask the gateway again
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
export function CreditNotesTable(props: { notes: InvoiceRefunds['creditNotes']; currency: string; minorUnits: number; pdfHref?: (id: number) => string }) {
  if (!props.notes.length) return null;
  return (
    <table class="table compact" id="credit-notes">
      <caption class="sr-only">Credit notes</caption>
      <Head labels={['Credit note', 'Issued (UTC)', 'Refunded to', 'Reason']} />
      <tbody>
        {props.notes.map((n) => (
          <tr>
            <td class="nowrap">
              <strong>{n.number}</strong>
              {props.pdfHref && (
                <>
                  {' '}
                  <a href={props.pdfHref(n.id)} download class="small" aria-label={`Download credit note ${n.number} as PDF`}>
                    PDF
                  </a>
                </>
              )}
            </td>
            <td class="nowrap">{when(n.issuedAt)}</td>
            <td>{refundDestinationName(n.destination, n.gateway)}</td>
            <td>{n.reason || '—'}</td>
            <td class="num nowrap">{money(n.amount, props.currency, props.minorUnits)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
