import { Hono, type Context } from 'hono';
import { OrderResults, OrdersPage } from '../../../views/admin/orders/index.tsx';
import { OrderPage } from '../../../views/admin/orders/show.tsx';
import { loadInvoice } from '../../modules/invoicing/load-invoice.ts';
import { listOrders } from '../../modules/orders/list-orders.ts';
import { cancelPendingOrder } from '../../modules/scaling/cancel-pending-order.ts';
import { loadOrderDetail } from '../../modules/services/load-order-detail.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { formInput } from '../client/form-input.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, swappedStatus, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { renderList } from './list-page.tsx';

const REASON_MAX = 200;

const flashFor = (done: string | undefined) =>
  done === 'cancelled'
    ? 'Order cancelled: its invoice is void, its units are back in stock, and any credit applied went back to the client.'
    : done === 'already-cancelled'
      ? 'This order was already cancelled; nothing changed.'
      : done === 'paid'
        ? 'This order is paid; nothing changed. End its services from their pages instead.'
        : undefined;

async function show(c: Context<Env>, id: number, opts: { errors?: Errors; reason?: string } = {}, status: 200 | 409 | 422 = 200) {
  const order = await loadOrderDetail(c.var.em, id);
  const invoice = order.invoiceId === null ? null : await loadInvoice(c.var.em, order.invoiceId);
  return c.html(
    <OrderPage
      {...layoutProps(c)}
      order={order}
      invoice={invoice}
      canWrite={canWrite(c.var.staff!.role)}
      flash={flashFor(c.req.query('done'))}
      {...opts}
    />,
    // NOTE: htmx swaps only 2xx and 422 answers: a refusal of the boosted form is shown in place
    // (isHtmx leaves boosted requests out, so the header itself is read).
    c.req.header('hx-request') === 'true' ? swappedStatus(status) : status,
  );
}

export const orderRoutes = new Hono<Env>()
  .get('/', (c) =>
    renderList(c, (raw) => listOrders(c.var.em, raw), {
      target: 'order-results',
      results: (list) => <OrderResults {...list} />,
      page: (props) => <OrdersPage {...props} />,
    }),
  )
  .get('/:id', (c) => show(c, parseId(c.req.param('id'))))
  .post('/:id/cancel', async (c) => {
    const id = parseId(c.req.param('id'));
    const { form, errors } = await formInput(c);
    const typed = typeof form.reason === 'string' ? form.reason.trim() : '';
    const problems: Errors = errors ?? (typed.length > REASON_MAX ? { reason: `Keep the reason under ${REASON_MAX} characters.` } : {});
    if (Object.keys(problems).length) return show(c, id, { errors: problems, reason: typed }, 422);
    const reason = typed || `Cancelled by staff:${c.var.staff!.email}`;
    const result = await attempt(() => cancelPendingOrder(c.var.em, id, reason, c.var.now));
    if (!result.ok) return show(c, id, { errors: result.errors, reason: typed }, result.status);
    return redirectAfterPost(c, `/admin/orders/${id}?done=${result.value}`);
  });
