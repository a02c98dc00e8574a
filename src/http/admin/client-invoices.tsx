import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { BLANK_ROWS, NewInvoicePage } from '../../../views/admin/invoices/new.tsx';
import { loadClient } from '../../modules/clients/load-client.ts';
import { creditCurrencyOf } from '../../modules/clients/credit-currency.ts';
import { createManualInvoice } from '../../modules/invoicing/create-manual-invoice.ts';
import { MAX_MANUAL_LINES, manualLinesFromForm, type ManualLineForm } from '../../modules/invoicing/rules/manual-invoice.ts';
import { calendarDateOf } from '../../modules/shared/dates.ts';
import { formInput, type Fields } from '../client/form-input.ts';
import { attempt, backToPageOf, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** The new invoice form: empty, or as it was sent (its lines first, then blank rows up to `rows`). */
async function newInvoicePage(
  c: Context<Env>,
  sent: { form?: Fields; lines?: ManualLineForm[]; errors?: Errors; rows?: number } = {},
  status: 200 | 422 = 200,
) {
  const id = parseId(c.req.param('id'));
  const [client, currency] = await Promise.all([loadClient(c.var.em, id), creditCurrencyOf(c.var.em, id)]);
  const lines = sent.lines ?? [];
  // Never fewer rows than were sent (a refused list of too many keeps every line typed).
  const rows = Math.max(lines.length, Math.min(MAX_MANUAL_LINES, Math.max(BLANK_ROWS, sent.rows ?? 0)));
  const today = calendarDateOf(c.var.now);
  return c.html(
    <NewInvoicePage
      {...layoutProps(c)}
      client={client}
      currency={currency ?? 'USD'}
      lines={lines}
      rows={rows}
      dueDate={one(sent.form?.dueDate) ?? today}
      sendEmail={one(sent.form?.sendEmail) ?? true}
      today={today}
      // A refused form keeps its key: until one invoice is written, the form is the same request.
      requestKey={one(sent.form?.requestKey) || randomUUID()}
      errors={sent.errors}
    />,
    status,
  );
}

/** Staff invoice a client for lines of their own (create-manual-invoice.ts). Mounted under /admin/clients. */
export const clientInvoiceRoutes = new Hono<Env>()
  .get('/:id/invoices/new', (c) => newInvoicePage(c))
  // A reload after a refused form (the address bar shows where it posted) goes back to the form.
  .get(
    '/:id/invoices',
    backToPageOf((id) => `/admin/clients/${id}/invoices/new`),
  )
  .post('/:id/invoices', async (c) => {
    const { form, errors } = await formInput(c);
    const clientId = parseId(c.req.param('id'));
    const lines = manualLinesFromForm(form);
    // "Add a line": the same form with one more row, nothing made.
    const shown = Array.isArray(form.description) ? form.description.length : 1;
    if (one(form.more) === '1') return newInvoicePage(c, { form, lines, errors: errors ?? undefined, rows: shown + 1 });
    const sendEmail = one(form.sendEmail);
    const input = { lines, dueDate: one(form.dueDate), sendEmail, requestKey: one(form.requestKey) || undefined };
    const result = errors ? { ok: false as const, errors } : await attempt(() => createManualInvoice(c.var.em, clientId, input, c.var.now));
    if (result.ok)
      return redirectAfterPost(c, `/admin/invoices/${result.value.invoiceId}?done=${sendEmail === '0' ? 'created' : 'created-sent'}`);
    return newInvoicePage(c, { form, lines, errors: result.errors, rows: shown }, 422);
  });
