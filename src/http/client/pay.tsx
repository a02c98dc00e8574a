import { Hono } from 'hono';
import { testGatewayEnabled } from '../../config.ts';
import { TestGatewayPage } from '../../../views/pay/test-gateway.tsx';
import { completeTestPayment, type TestOutcome } from '../../modules/payments/complete-test-payment.ts';
import { loadInvoice } from '../../modules/invoicing/load-invoice.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { clientCsrf, loadClientSession, requireClient } from '../middleware/client-session.ts';
import { originCheck } from '../middleware/csrf.ts';
import { attempt, parseId } from '../respond.ts';
import type { Env } from '../types.ts';
import { onClientError } from './errors.tsx';
import { invoicePage } from './invoices.tsx';

const OUTCOME = { paid: 'paid', 'already-paid': 'already', declined: 'declined' } as const;

/**
 * The test gateway's hosted page under /pay: signed-in clients only, and only for their own
 * unpaid invoices. Approving pays through payInvoice with the invoice's reference.
 */
export const payRoutes = new Hono<Env>()
  .use('*', async (c, next) => {
    if (!testGatewayEnabled(c.var.deps.config)) throw new NotFound('That page');
    await next();
  })
  .use('*', originCheck, loadClientSession, clientCsrf, requireClient)
  .get('/test/:id', async (c) => {
    const invoice = await loadInvoice(c.var.em, parseId(c.req.param('id')), c.var.client!.id);
    if (invoice.status !== 'unpaid') return c.redirect(`/account/invoices/${invoice.id}`);
    return c.html(<TestGatewayPage invoice={invoice} csrfToken={c.var.csrfToken} />);
  })
  .post('/test/:id/:outcome{approve|decline}', async (c) => {
    const id = parseId(c.req.param('id'));
    const result = await attempt(() =>
      completeTestPayment(c.var.em, c.var.client!.id, id, c.req.param('outcome') as TestOutcome, c.var.now),
    );
    if (!result.ok) return invoicePage(c, id, result.errors, result.status);
    return c.redirect(`/account/invoices/${id}?payment=${OUTCOME[result.value]}`, 303);
  })
  .all('*', () => {
    throw new NotFound('That page');
  });
payRoutes.onError(onClientError);
