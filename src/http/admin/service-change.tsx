import { Hono, type Context } from 'hono';
import { ServiceChangePage } from '../../../views/admin/services/change.tsx';
import { ChangePanel } from '../../../views/components/change-preview.tsx';
import { confirmServiceChange } from '../../modules/scaling/confirm-service-change.ts';
import { previewChangePage } from '../../modules/scaling/preview-change-page.ts';
import { changeFormErrors, confirmInputFromForm } from '../../modules/scaling/rules/change-choice.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, swappedStatus, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

/** The staff service page's notice after a change that applied at once. */
export const CHANGE_FLASH: Record<string, string> = {
  credit: 'The service has moved to its new package; the unused part of the old one is on the client’s credit balance.',
  none: 'The service has moved to its new package.',
};

type Fields = Record<string, string | string[]>;

async function changePage(c: Context<Env>, id: number, form?: Fields, errors?: Errors, status?: 200 | 409 | 422) {
  const data = await previewChangePage(c.var.em, { serviceId: id, form, errors }, c.var.now);
  const code = status ?? (Object.keys(data.errors).length ? 422 : 200);
  // A confirmation refused as stale (409) swaps the panel with its fresh preview (swappedStatus).
  if (form && isHtmx(c))
    return c.html(<ChangePanel {...data} base={`/admin/services/${id}/change`} csrfToken={c.var.csrfToken} />, swappedStatus(code));
  return c.html(<ServiceChangePage {...layoutProps(c)} {...data} />, code);
}

/** Staff (not the read-only support role) move a client's service to another package for them. */
export const serviceChangeRoutes = new Hono<Env>()
  .use('/:id/change', async (c, next) => {
    // NOTE: the staff middleware already refuses support's posts; the page itself offers nothing to them either.
    if (!canWrite(c.var.staff!.role)) return c.text('Your role (support) can view but not change anything.', 403);
    return next();
  })
  .get('/:id/change', (c) => changePage(c, parseId(c.req.param('id'))))
  .post('/:id/change/preview', async (c) => changePage(c, parseId(c.req.param('id')), fields(await readForm(c))))
  .post('/:id/change/confirm', async (c) => {
    const id = parseId(c.req.param('id'));
    const form = fields(await readForm(c));
    const result = await attempt(() =>
      confirmServiceChange(c.var.em, { serviceId: id, actor: c.var.staff!.email }, confirmInputFromForm(form), c.var.now),
    );
    if (!result.ok) return changePage(c, id, form, changeFormErrors(result.errors), result.status);
    const done = result.value;
    if (done.invoiceId !== null) return redirectAfterPost(c, `/admin/invoices/${done.invoiceId}?done=change`);
    return redirectAfterPost(c, `/admin/services/${id}?changed=${done.preview.outcome}`);
  });
