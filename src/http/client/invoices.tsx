import { Hono, type Context } from 'hono';
import { testGatewayEnabled } from '../../config.ts';
import { InvoicePage } from '../../../views/client/invoice.tsx';
import { loadInvoicePayment } from '../../modules/invoicing/load-invoice-payment.ts';
import { startPayment } from '../../modules/invoicing/start-payment.ts';
import { paidMessage } from '../../modules/invoicing/rules/paid-message.ts';
import { attempt, parseId, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

const PROBLEM: Record<string, string> = { declined: 'The payment was declined. Nothing was charged; you can try again or choose another way to pay.' };

/** A client's own invoice; another client's is a 404 (the id is looked up with the session's client). */
export async function invoicePage(c: Context<Env>, id: number, errors?: Errors, status: 200 | 409 | 422 = 200) {
  const { invoice, offers } = await loadInvoicePayment(c.var.em, c.var.client!.id, id, { testGateway: testGatewayEnabled(c.var.deps.config) });
  const outcome = c.req.query('payment') ?? '';
  return c.html(<InvoicePage client={c.var.client} csrfToken={c.var.csrfToken} flash={outcome === 'paid' ? paidMessage(invoice, 'client') : outcome === 'already' ? 'This invoice is already paid.' : undefined} problem={PROBLEM[outcome]} invoice={invoice} offers={offers} errors={errors} />, status);
}

export const invoiceRoutes = new Hono<Env>()
  .get('/invoices/:id', (c) => invoicePage(c, parseId(c.req.param('id'))))
  .post('/invoices/:id/pay/:gateway{credit|test}', async (c) => {
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => startPayment(c.var.em, c.var.client!.id, id, c.req.param('gateway'), c.var.now, { testGateway: testGatewayEnabled(c.var.deps.config) }));
    if (!result.ok) return invoicePage(c, id, result.errors, result.status);
    if (result.value.kind === 'redirect') return c.redirect(result.value.to, 303);
    return c.redirect(`/account/invoices/${id}?payment=${result.value.result === 'paid' ? 'paid' : 'already'}`, 303);
  });
