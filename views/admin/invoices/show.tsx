import { HistoryCard } from '../audit/history-card.tsx';
import type { InvoiceDetail } from '../../../src/modules/invoicing/load-invoice.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, type Errors } from '../../components/form.tsx';
import { InvoiceLines, InvoiceStatus, RefundBadge, PaymentsTable } from '../../components/invoice-lines.tsx';
import type { InvoiceRefunds } from '../../../src/modules/invoicing/load-invoice-refunds.ts';
import { CreditNotesTable, RefundsTable } from '../../components/refunds-table.tsx';
import { REFUND_FIELDS, RefundForm, type RefundFormValues } from './_refund.tsx';
import { CardActivityTables } from './_card-activity.tsx';
import type { CardActivity } from '../../../src/modules/payments/load-card-activity.ts';
import { canResendInvoice, isHandWritten } from '../../../src/modules/invoicing/rules/invoice-actions.ts';
import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import { dialogOf, markPaidQuestion, voidQuestion } from './questions.ts';

/** Staff's view of an invoice; a bank transfer that arrived is recorded with "Mark paid". */
export function InvoicePage(
  props: PageProps & {
    invoice: InvoiceDetail;
    refunds: InvoiceRefunds;
    cards: CardActivity;
    canWrite: boolean;
    transferReference: string;
    errors?: Errors;
    reference?: string;
    refund?: RefundFormValues;
  },
) {
  const i = props.invoice;
  const refundable = props.canWrite && props.refunds.refundChoices.length > 0;
  return (
    <AdminLayout {...props} title={`Invoice ${invoiceNumber(i)}`} active="invoices">
      <p class="crumbs">
        <a href="/admin/invoices">Invoices</a> / <a href={`/admin/clients/${i.clientId}`}>{i.clientName}</a> /
      </p>
      <div class="heading">
        <h1>
          Invoice {invoiceNumber(i)} <InvoiceStatus status={i.status} />
          <RefundBadge refunded={props.refunds.refunded} total={i.total} />
        </h1>
        <div class="actions">
          <a class="button" href={`/admin/invoices/${i.id}/pdf`} download hx-boost="false">
            Download PDF
          </a>
          {props.canWrite && canResendInvoice(i.status) && (
            <form method="post" action={`/admin/invoices/${i.id}/resend`} class="inline" hx-boost="true">
              <Csrf token={props.csrfToken ?? null} />
              <button type="submit" title={`Email the invoice and its PDF to ${i.clientEmail}`}>
                Resend to client
              </button>
            </form>
          )}
        </div>
      </div>
      <FormErrors errors={props.errors} known={refundable ? ['reference', ...REFUND_FIELDS] : ['reference']} />
      <div class="split">
        <section class="card">
          <dl class="facts">
            <dt>Client</dt>
            <dd>
              <a href={`/admin/clients/${i.clientId}`}>{i.clientName}</a> ({i.clientEmail})
            </dd>
            <dt>Issued</dt>
            <dd>{i.createdAt.slice(0, 10)}</dd>
            <dt>Due</dt>
            <dd>{i.dueDate}</dd>
            {i.orderId !== null && (
              <>
                <dt>Order</dt>
                <dd>
                  <a href={`/admin/orders/${i.orderId}`}>#{i.orderId}</a>
                </dd>
              </>
            )}
            <dt>Transfer reference</dt>
            <dd>
              <code>{props.transferReference}</code>
            </dd>
          </dl>
          <InvoiceLines invoice={i} />
        </section>
        <section class="card">
          <h2>Payments</h2>
          {i.payments.length ? <PaymentsTable invoice={i} /> : <p class="muted">No payment recorded.</p>}
          {props.refunds.refunds.length > 0 && <h3>Refunds</h3>}
          <RefundsTable
            refunds={props.refunds.refunds}
            currency={i.currency}
            minorUnits={i.minorUnits}
            retry={props.canWrite ? { invoiceId: i.id, csrfToken: props.csrfToken ?? null } : undefined}
          />
          {props.refunds.creditNotes.length > 0 && <h3>Credit notes</h3>}
          <CreditNotesTable
            notes={props.refunds.creditNotes}
            currency={i.currency}
            minorUnits={i.minorUnits}
            pdfHref={(id) => `/admin/credit-notes/${id}/pdf`}
          />
          <CardActivityTables activity={props.cards} minorUnits={i.minorUnits} />
          {refundable && (
            <RefundForm
              invoiceId={i.id}
              currency={i.currency}
              minorUnits={i.minorUnits}
              refunds={props.refunds}
              values={props.refund}
              errors={props.errors}
              csrfToken={props.csrfToken ?? null}
              noServices={isHandWritten(i.lines)}
            />
          )}
          {i.status === 'unpaid' && props.canWrite && (
            <form
              method="post"
              action={`/admin/invoices/${i.id}/mark-paid`}
              class="stack"
              id="mark-paid"
              hx-boost="true"
              hx-confirm={dialogOf(markPaidQuestion(i))}
              // Asked by the dialog; without JavaScript the route asks with a page of its own.
              hx-vals={'{"confirmed":"1"}'}
            >
              <h3>Bank transfer received</h3>
              <Csrf token={props.csrfToken ?? null} />
              <Field
                name="reference"
                label="Bank reference (optional)"
                value={props.reference}
                error={props.errors?.reference}
                maxlength={120}
                hint="Leave blank to use the invoice number; the same reference twice records one payment."
              />
              <div>
                <button type="submit" class="primary">
                  Mark paid
                </button>
              </div>
            </form>
          )}
          {i.status === 'unpaid' && props.canWrite && (
            <form
              method="post"
              action={`/admin/invoices/${i.id}/void`}
              class="stack"
              hx-boost="true"
              hx-confirm={dialogOf(voidQuestion(i))}
              hx-vals={'{"confirmed":"1"}'}
            >
              <h3>Void</h3>
              <Csrf token={props.csrfToken ?? null} />
              <p class="muted small">Nothing is owed on a void invoice; credit applied to it goes back to the client.</p>
              <div>
                <button type="submit" class="danger">
                  Void invoice
                </button>
              </div>
            </form>
          )}
        </section>
      </div>
      <HistoryCard objectType="invoice" objectId={props.invoice.id} />
    </AdminLayout>
  );
}
