import { loadOrderDeadline } from '../../modules/orders/load-order-deadline.ts';
import { calendarDateOf } from '../../modules/shared/dates.ts';
import { Hono, type Context } from 'hono';
import { gatewayEnv } from '../../config.ts';
import { InvoicePage } from '../../../views/client/invoice.tsx';
import { LeavingPage } from '../../../views/pay/leaving.tsx';
import { paidMessage } from '../../modules/invoicing/rules/paid-message.ts';
import { loadInvoiceRefunds } from '../../modules/invoicing/load-invoice-refunds.ts';
import { renderCreditNotePdf } from '../../modules/invoicing/render-credit-note-pdf.ts';
import { renderInvoicePdf } from '../../modules/invoicing/render-invoice-pdf.ts';
import { pdfResponse } from '../pdf-response.ts';
import { loadInvoicePayment } from '../../modules/payments/load-invoice-payment.ts';
import { startPayment } from '../../modules/payments/start-payment.ts';
import { completeCardReturn } from '../../modules/payments/stripe/complete-card-return.ts';
import { fields, readForm } from '../form.ts';
import { attempt, parseId, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';
import { money } from '../../../views/components/money.ts';

const PROBLEM = new Set(['declined', 'cancelled', 'refunded']);
const FLASH = new Set(['already', 'processing']);

/** "Paid. Thank you!" and what happens now, as paidMessage words it for the client. */
function paidFlash(invoice: Parameters<typeof paidMessage>[0]): string {
  const kinds = new Set(invoice.lines.map((l) => l.kind));
  const done = invoice.orderId !== null ? 'order' : kinds.has('upgrade-charge') ? 'change' : kinds.has('renewal') ? 'renewal' : null;
  return done ? `${t('client:flash.payment.paid')} ${t(`client:flash.payment.${done}`)}` : t('client:flash.payment.paid');
}

/** A client's own invoice; another client's is a 404 (the id is looked up with the session's client). */
export async function invoicePage(c: Context<Env>, id: number, errors?: Errors, status: 200 | 409 | 422 = 200) {
  const { invoice, offers } = await loadInvoicePayment(
    c.var.em,
    c.var.client!.id,
    id,
    gatewayEnv(c.var.deps.config),
    c.var.deps.config.APP_SECRET,
  );
  const refunds = await loadInvoiceRefunds(c.var.em, invoice.id);
  const orderDeadline = invoice.status === 'unpaid' ? await loadOrderDeadline(c.var.em, invoice.orderId) : null;
  const outcome = c.req.query('payment') ?? '';
  const flash =
    outcome === 'paid'
      ? paidFlash(invoice)
      : outcome === 'credit' && invoice.status === 'unpaid'
        ? t('client:flash.payment.credit', { amount: money(invoice.amountDue, invoice.currency, invoice.minorUnits) })
        : FLASH.has(outcome)
          ? t(`client:flash.payment.${outcome}`)
          : undefined;
  return c.html(
    <InvoicePage
      client={c.var.client}
      csrfToken={c.var.csrfToken}
      flash={flash}
      problem={PROBLEM.has(outcome) ? t(`client:invoice.problem.${outcome}`) : undefined}
      invoice={invoice}
      refunds={refunds}
      offers={offers}
      today={calendarDateOf(c.var.now)}
      orderDeadline={orderDeadline}
      errors={errors}
    />,
    status,
  );
}

const OUTCOME = {
  paid: 'paid',
  'already-paid': 'already',
  processing: 'processing',
  'card-saved': 'paid',
  'not-owed': 'refunded',
} as const;

export const invoiceRoutes = new Hono<Env>()
  .get('/invoices/:id', (c) => invoicePage(c, parseId(c.req.param('id'))))
  // Another client's document is a 404, never a 403: its existence is not told either.
  .get('/invoices/:id/pdf', async (c) =>
    pdfResponse(c, await renderInvoicePdf(c.var.em, parseId(c.req.param('id')), { clientId: c.var.client!.id })),
  )
  .get('/credit-notes/:id/pdf', async (c) =>
    pdfResponse(c, await renderCreditNotePdf(c.var.em, parseId(c.req.param('id')), { clientId: c.var.client!.id })),
  )
  .post('/invoices/:id/pay/:gateway{[a-z]{1,20}}', async (c) => {
    const id = parseId(c.req.param('id'));
    const form = Object.fromEntries(Object.entries(fields(await readForm(c))).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
    const input = { clientId: c.var.client!.id, invoiceId: id, gatewayKey: c.req.param('gateway'), form, now: c.var.now };
    const result = await attempt(() => startPayment(c.var.em, input, gatewayEnv(c.var.deps.config), c.var.deps.config.APP_SECRET));
    if (!result.ok) return invoicePage(c, id, result.errors, result.status);
    const started = result.value;
    if (started.kind === 'redirect')
      return started.external ? c.html(<LeavingPage to={started.to} title={t('client:invoice.leaving')} />) : c.redirect(started.to, 303);
    const outcome = started.result === 'paid' ? 'paid' : started.result === 'credit-applied' ? 'credit' : 'already';
    return c.redirect(`/account/invoices/${id}?payment=${outcome}`, 303);
  })
  // Stripe's page sends the client back here; the outcome is read from Stripe at once.
  .get('/invoices/:id/card/return', async (c) => {
    const id = parseId(c.req.param('id'));
    const input = { clientId: c.var.client!.id, invoiceId: id, sessionId: c.req.query('session_id') ?? '', now: c.var.now };
    const result = await attempt(() => completeCardReturn(c.var.em, input, gatewayEnv(c.var.deps.config), c.var.deps.config.APP_SECRET));
    if (!result.ok) return invoicePage(c, id, result.errors, result.status);
    return c.redirect(`/account/invoices/${id}?payment=${OUTCOME[result.value]}`, 303);
  });
