import { invoiceActions } from '../../../src/modules/invoicing/rules/invoice-actions.ts';
import type { InvoiceStatus } from '../../../src/modules/shared/statuses.ts';
import { Csrf } from '../../components/form.tsx';
import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';

// What a staff list row offers for its invoice, small enough to keep the row one line on a wide
// screen. Links go to the invoice page's own forms (Mark paid asks for the bank reference there);
// Void and Resend are one-button forms that post without JavaScript and are boosted with it. Each
// accessible name starts with the visible label, so speech users can say what they see.

/** One button that posts; htmx follows the redirect to the invoice page, which says what happened. */
function PostButton(props: { action: string; label: string; aria: string; csrfToken: string | null; confirm?: string; tone?: 'danger' }) {
  return (
    <form
      method="post"
      action={props.action}
      class="inline"
      hx-boost="true"
      hx-confirm={props.confirm}
      // Asked by the dialog; without JavaScript the route asks with a page of its own.
      hx-vals={props.confirm ? '{"confirmed":"1"}' : undefined}
    >
      <Csrf token={props.csrfToken} />
      <button type="submit" class={`small${props.tone ? ` ${props.tone}` : ''}`} aria-label={props.aria}>
        {props.label}
      </button>
    </form>
  );
}

export function InvoiceRowActions(props: {
  id: number;
  number: string | null;
  status: InvoiceStatus;
  canWrite: boolean;
  csrfToken: string | null;
}) {
  const base = `/admin/invoices/${props.id}`;
  const n = `invoice ${invoiceNumber(props)}`;
  return (
    <div class="list-actions">
      {invoiceActions(props.status, props.canWrite).map((a) =>
        a === 'mark-paid' ? (
          <a class="button small" href={`${base}#mark-paid`} aria-label={`Mark paid: ${n}`}>
            Mark paid
          </a>
        ) : a === 'void' ? (
          <PostButton
            action={`${base}/void`}
            label="Void"
            aria={`Void ${n}`}
            csrfToken={props.csrfToken}
            tone="danger"
            // NOTE: a row does not know what waits on its invoice; its page (and the question without JavaScript) says which.
            confirm={`Void ${n}? Nothing is owed on it any more; whatever waited on it is undone (an order cancelled, renewal periods billed again).`}
          />
        ) : a === 'refund' ? (
          <a class="button small" href={`${base}#refund`} aria-label={`Refund ${n}`}>
            Refund
          </a>
        ) : a === 'resend' ? (
          <PostButton
            action={`${base}/resend`}
            label="Resend"
            aria={`Resend ${n} to the client`}
            csrfToken={props.csrfToken}
            confirm={`Email ${n} to the client again, with its PDF?`}
          />
        ) : (
          <a class="button small" href={`${base}/pdf`} download hx-boost="false" aria-label={`Download ${n} as PDF`}>
            PDF
          </a>
        ),
      )}
    </div>
  );
}
