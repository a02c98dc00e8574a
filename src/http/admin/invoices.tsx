import { Hono, type Context } from 'hono';
import { InvoicePage } from '../../../views/admin/invoices/show.tsx';
import { InvoiceResults, InvoicesPage } from '../../../views/admin/invoices/index.tsx';
import { listInvoices } from '../../modules/invoicing/list-invoices.ts';
import { calendarDateOf } from '../../modules/shared/dates.ts';
import { renderList } from './list-page.tsx';
import { transferReference } from '../../modules/payments/rules/transfer-reference.ts';
import { loadInvoice, type InvoiceDetail } from '../../modules/invoicing/load-invoice.ts';
import { ConfirmActionPage, type Question } from '../../../views/admin/confirm-page.tsx';
import { markPaidQuestion, voidQuestion } from '../../../views/admin/invoices/questions.ts';
import { loadInvoiceRefunds } from '../../modules/invoicing/load-invoice-refunds.ts';
import { loadCardActivity } from '../../modules/payments/load-card-activity.ts';
import { refundInvoice } from '../../modules/invoicing/refund-invoice.ts';
import { retryPendingRefund } from '../../modules/invoicing/retry-pending-refund.ts';
import type { RefundFormValues } from '../../../views/admin/invoices/_refund.tsx';
import { markInvoicePaid } from '../../modules/invoicing/mark-invoice-paid.ts';
import { voidUnpaidInvoice } from '../../modules/scaling/void-unpaid-invoice.ts';
import { paidMessage } from '../../modules/invoicing/rules/paid-message.ts';
import { renderInvoicePdf } from '../../modules/invoicing/render-invoice-pdf.ts';
import { resendInvoice } from '../../modules/invoicing/resend-invoice.ts';
import { pdfResponse } from '../pdf-response.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { formInput } from '../client/form-input.ts';
import { attempt, backToPageOf, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

/** What the invoice page says after an action that landed on it (`?done=`). */
const DONE_FLASH: Record<string, string> = {
  created: 'Invoice created; the client was not emailed.',
  'created-sent': 'Invoice created; the client is being emailed it with its PDF.',
  already: 'This invoice was already paid; nothing changed.',
  voided:
    'Invoice voided: what waited on it is undone (an order cancelled with its units released, renewal periods billed again, a package change cancelled), and any credit applied went back to the client.',
  'not-unpaid': 'This invoice is no longer unpaid; nothing changed.',
  refunded: 'Refunded; the credit note is listed under the payments.',
  'refund-pending': 'The gateway has not answered yet; the refund stays pending.',
  change: 'Package change confirmed: this invoice charges the difference, and the service moves to its new package once it is paid.',
};

const flashFor = (invoice: Parameters<typeof paidMessage>[0] & { clientEmail: string }, done: string | undefined) =>
  done === 'sent' ? `Sent to ${invoice.clientEmail}` : done === 'paid' ? paidMessage(invoice, 'staff') : DONE_FLASH[done ?? ''];

// NOTE: htmx swaps only 2xx and 422 answers: a refusal of a boosted refund form (the gateway's,
// an invoice no longer paid) is shown next to its field like a typing mistake.
const refusedStatus = (c: Context<Env>, status: 409 | 422) => (c.req.header('hx-request') === 'true' ? 422 : status);

async function show(
  c: Context<Env>,
  id: number,
  opts: { errors?: Errors; reference?: string; refund?: RefundFormValues } = {},
  status: 200 | 409 | 422 = 200,
) {
  const invoice = await loadInvoice(c.var.em, id);
  const [refunds, cards] = await Promise.all([loadInvoiceRefunds(c.var.em, id), loadCardActivity(c.var.em, id)]);
  const page = (
    <InvoicePage
      {...layoutProps(c)}
      invoice={invoice}
      refunds={refunds}
      cards={cards}
      canWrite={canWrite(c.var.staff!.role)}
      transferReference={transferReference(invoice)}
      flash={flashFor(invoice, c.req.query('done'))}
      {...opts}
    />
  );
  return c.html(page, status);
}

/**
 * Mark paid and Void sent without JavaScript, where the button's dialog could not ask: the same
 * question as a page (an invoice no longer unpaid is answered by the action itself, once confirmed).
 */
async function ask(
  c: Context<Env>,
  id: number,
  question: (i: InvoiceDetail) => Question,
  action: 'mark-paid' | 'void',
  carry?: Record<string, string>,
) {
  const invoice = await loadInvoice(c.var.em, id);
  const back = `/admin/invoices/${id}`;
  return c.html(
    <ConfirmActionPage
      {...layoutProps(c)}
      active="invoices"
      action={`${back}/${action}`}
      back={back}
      carry={carry}
      danger={action === 'void'}
      {...question(invoice)}
    />,
  );
}

export const invoiceRoutes = new Hono<Env>()
  .get('/', (c) => {
    const today = calendarDateOf(c.var.now);
    const actions = { canWrite: canWrite(c.var.staff!.role), csrf: c.var.csrfToken ?? null };
    const load = async (raw: Record<string, string>) => ({ ...(await listInvoices(c.var.em, raw, c.var.now)), today, ...actions });
    return renderList(c, load, {
      target: 'invoice-results',
      results: (list) => <InvoiceResults {...list} />,
      page: (props) => <InvoicesPage {...props} />,
    });
  })
  .get('/:id', (c) => show(c, parseId(c.req.param('id'))))
  .get('/:id/pdf', async (c) => pdfResponse(c, await renderInvoicePdf(c.var.em, parseId(c.req.param('id')))))
  .post('/:id/resend', async (c) => {
    const id = parseId(c.req.param('id'));
    const { errors } = await formInput(c);
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() => resendInvoice(c.var.em, id, { publicUrl: c.var.deps.config.PUBLIC_URL }));
    if (!result.ok) return show(c, id, { errors: result.errors }, refusedStatus(c, result.status));
    return redirectAfterPost(c, `/admin/invoices/${id}?done=sent`);
  })
  .post('/:id/mark-paid', async (c) => {
    const id = parseId(c.req.param('id'));
    const { form, errors } = await formInput(c);
    const reference = typeof form.reference === 'string' ? form.reference : '';
    if (!errors && form.confirmed !== '1') return ask(c, id, markPaidQuestion, 'mark-paid', { reference });
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() => markInvoicePaid(c.var.em, id, { reference }, c.var.now));
    if (!result.ok) return show(c, id, { errors: result.errors, reference }, result.status);
    return redirectAfterPost(c, `/admin/invoices/${id}?done=${result.value === 'paid' ? 'paid' : 'already'}`);
  })
  .post('/:id/void', async (c) => {
    const id = parseId(c.req.param('id'));
    const { form, errors } = await formInput(c);
    if (!errors && form.confirmed !== '1') return ask(c, id, voidQuestion, 'void');
    const reason = `Voided by staff:${c.var.staff!.email}`;
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() => voidUnpaidInvoice(c.var.em, id, reason, c.var.now));
    // NOTE: the list's Void is boosted too: its refusal must reach the page it lands on.
    if (!result.ok) return show(c, id, { errors: result.errors }, refusedStatus(c, result.status));
    return redirectAfterPost(c, `/admin/invoices/${id}?done=${result.value}`);
  })
  // A reload after a refused form or a question (the address bar shows where it posted) goes back to the invoice.
  .get(
    '/:id/:action{refunds|void|mark-paid}',
    backToPageOf((id) => `/admin/invoices/${id}`),
  )
  .post('/:id/refunds', async (c) => {
    const id = parseId(c.req.param('id'));
    const { form, errors } = await formInput(c);
    const staff = c.var.staff!;
    const text = (k: string) => {
      const v = form[k];
      return typeof v === 'string' ? v : undefined;
    };
    const values: RefundFormValues = {
      amount: text('amount'),
      destination: text('destination'),
      endServices: text('endServices') === '1',
      reason: text('reason'),
    };
    const by = { staffId: staff.id, actor: `staff:${staff.email}`, now: c.var.now };
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() => refundInvoice(c.var.em, id, form, by));
    if (!result.ok) return show(c, id, { errors: result.errors, refund: values }, refusedStatus(c, result.status));
    return redirectAfterPost(c, `/admin/invoices/${id}?done=refunded#refunds`);
  })
  .post('/:id/refunds/:refundId/retry', async (c) => {
    const id = parseId(c.req.param('id'));
    const { errors } = await formInput(c);
    const retry = () => retryPendingRefund(c.var.em, id, parseId(c.req.param('refundId')), `staff:${c.var.staff!.email}`, c.var.now);
    const result = errors ? { ok: false as const, errors, status: 422 as const } : await attempt(retry);
    if (!result.ok) return show(c, id, { errors: result.errors }, refusedStatus(c, result.status));
    return redirectAfterPost(c, `/admin/invoices/${id}?done=${result.value.status === 'pending' ? 'refund-pending' : 'refunded'}#refunds`);
  });
