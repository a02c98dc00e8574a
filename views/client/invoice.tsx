import type { GatewayOffer } from '../../src/modules/payments/gateway.ts';
import type { InvoiceDetail } from '../../src/modules/invoicing/load-invoice.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../components/form.tsx';
import { InvoiceLines, InvoiceStatus, PaymentsTable } from '../components/invoice-lines.tsx';
import { money } from '../components/money.ts';
import type { InvoiceRefunds } from '../../src/modules/invoicing/load-invoice-refunds.ts';
import { CreditNotesTable } from '../components/refunds-table.tsx';
import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';

function Offer(props: { offer: GatewayOffer; invoice: InvoiceDetail; csrfToken: string | null }) {
  const o = props.offer;
  const i = props.invoice;
  if (o.kind === 'instructions') {
    return (
      <li class="gateway" id={`pay-${o.key}`}>
        <h3>{o.label}</h3>
        <p>
          Transfer <strong>{money(i.amountDue, i.currency, i.minorUnits)}</strong> with the reference <code>{o.reference}</code> to:
        </p>
        <address class="bank">
          {o.lines.map((l) => (
            <div>{l}</div>
          ))}
        </address>
        <p class="muted small">{o.note}</p>
      </li>
    );
  }
  return (
    <li class="gateway" id={`pay-${o.key}`}>
      <h3>{o.label}</h3>
      <p class="muted small">{o.note}</p>
      {o.balance && <p>Your balance: {money(o.balance.amount, o.balance.currency, o.balance.currency === i.currency ? i.minorUnits : 2)}</p>}
      <form method="post" action={o.action}>
        <Csrf token={props.csrfToken} />
        {o.saveCard && (
          // NOTE: the box inside its label, so a long label wraps beside it in a narrow column instead of dropping below it.
          <div class="field checkbox">
            <label>
              <input type="checkbox" name="save_card" checked /> Keep this card for automatic renewal payments
            </label>
          </div>
        )}
        <button type="submit" class="primary" disabled={o.refusal !== null} aria-describedby={o.refusal ? `pay-${o.key}-why` : undefined}>
          {o.button}
        </button>
        {o.refusal && (
          <p class="hint" id={`pay-${o.key}-why`}>
            {o.refusal}
          </p>
        )}
      </form>
    </li>
  );
}

export function InvoicePage(props: ClientPageProps & { invoice: InvoiceDetail; refunds: InvoiceRefunds; offers: GatewayOffer[]; errors?: Errors; problem?: string }) {
  const i = props.invoice;
  const pending = props.refunds.refunds.filter((r) => r.status === 'pending');
  return (
    <ClientLayout {...props} title={`Invoice ${invoiceNumber(i)}`} active="invoices">
      <p class="crumbs">
        <a href="/account/invoices">Invoices</a> /
      </p>
      <div class="heading">
        <h1>
          Invoice {invoiceNumber(i)} <InvoiceStatus status={i.status} />
        </h1>
        <a class="button" href={`/account/invoices/${i.id}/pdf`} download>
          Download PDF
        </a>
      </div>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <FormErrors errors={props.errors} />
      {i.status === 'void' && <Notice kind="warn">This invoice was cancelled and can no longer be paid.</Notice>}
      <section class="card">
        <dl class="facts">
          <dt>Issued</dt>
          <dd>{i.createdAt.slice(0, 10)}</dd>
          <dt>Due</dt>
          <dd>{i.dueDate}</dd>
          {i.orderId !== null && (
            <>
              <dt>Order</dt>
              <dd>#{i.orderId}</dd>
            </>
          )}
          {i.paidAt && (
            <>
              <dt>Paid</dt>
              <dd>{i.paidAt.slice(0, 10)}</dd>
            </>
          )}
        </dl>
        <InvoiceLines invoice={i} />
      </section>
      {i.status === 'unpaid' && (
        <section class="card" aria-labelledby="pay-title">
          <h2 id="pay-title">Pay this invoice</h2>
          <ul class="gateways">
            {props.offers.map((o) => (
              <Offer offer={o} invoice={i} csrfToken={props.csrfToken ?? null} />
            ))}
          </ul>
        </section>
      )}
      {i.payments.length > 0 && (
        <section class="card">
          <h2>Payments</h2>
          <PaymentsTable invoice={i} />
        </section>
      )}
      {(props.refunds.creditNotes.length > 0 || pending.length > 0) && (
        <section class="card">
          <h2>Refunds</h2>
          {pending.map((r) => (
            <p>A refund of {money(r.amount.replace('-', ''), i.currency, i.minorUnits)} is on its way back to your original payment method.</p>
          ))}
          <CreditNotesTable notes={props.refunds.creditNotes} currency={i.currency} minorUnits={i.minorUnits} pdfHref={(id) => `/account/credit-notes/${id}/pdf`} />
        </section>
      )}
    </ClientLayout>
  );
}
