import { Hono, type Context } from 'hono';
import { ChangePanel } from '../../../views/components/change-preview.tsx';
import { ServiceChangePage } from '../../../views/client/service-change.tsx';
import { confirmServiceChange } from '../../modules/scaling/confirm-service-change.ts';
import { previewChangePage } from '../../modules/scaling/preview-change-page.ts';
import { changeFormErrors, confirmInputFromForm } from '../../modules/scaling/rules/change-choice.ts';
import { isHtmx } from '../form.ts';
import { attempt, parseId, redirectAfterPost, swappedStatus, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { formInput, type Fields } from './form-input.ts';

/** The key of the service page's notice after a change that applied at once. */
export const CHANGE_FLASH: Record<string, string> = { credit: 'client:flash.changedCredit', none: 'client:flash.changed' };

async function changePage(c: Context<Env>, id: number, form?: Fields, errors?: Errors, status?: 200 | 409 | 422) {
  const data = await previewChangePage(c.var.em, { serviceId: id, clientId: c.var.client!.id, form, errors }, c.var.now);
  const code = status ?? (Object.keys(data.errors).length ? 422 : 200);
  // A confirmation refused as stale (409) swaps the panel with its fresh preview (swappedStatus).
  if (form && isHtmx(c))
    return c.html(<ChangePanel {...data} base={`/account/services/${id}/change`} csrfToken={c.var.csrfToken} />, swappedStatus(code));
  return c.html(<ServiceChangePage client={c.var.client} csrfToken={c.var.csrfToken} {...data} />, code);
}

/** A client moves their own service to another package: choose, preview, confirm. */
export const serviceChangeRoutes = new Hono<Env>()
  .get('/services/:id/change', (c) => changePage(c, parseId(c.req.param('id'))))
  // The panel for htmx, the whole page for the no-JavaScript Preview button.
  .post('/services/:id/change/preview', async (c) => {
    const { form, errors } = await formInput(c);
    return changePage(c, parseId(c.req.param('id')), form, errors ?? undefined);
  })
  .post('/services/:id/change/confirm', async (c) => {
    const id = parseId(c.req.param('id'));
    const { form, errors } = await formInput(c);
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() =>
          confirmServiceChange(
            c.var.em,
            { serviceId: id, clientId: c.var.client!.id, actor: 'client' },
            confirmInputFromForm(form),
            c.var.now,
          ),
        );
    // A refusal shows the page again with a fresh preview of the same choice.
    if (!result.ok) return changePage(c, id, form, changeFormErrors(result.errors), result.status);
    const done = result.value;
    if (done.invoiceId !== null) return redirectAfterPost(c, `/account/invoices/${done.invoiceId}`);
    return redirectAfterPost(c, `/account/services/${id}?changed=${done.preview.outcome}`);
  });
