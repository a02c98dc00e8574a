import { Hono, type Context } from 'hono';
import { AddonOffersPage, AddonOrderPage, ExpectedTotal } from '../../../views/client/service-addons.tsx';
import { OrderChoices } from '../../../views/store/_choices.tsx';
import { OrderSummary } from '../../../views/store/_summary.tsx';
import { loadService } from '../../modules/services/load-service.ts';
import { listAddonOffers } from '../../modules/store/list-addon-offers.ts';
import { placeAddonOrder } from '../../modules/store/place-addon-order.ts';
import { previewAddonOrder } from '../../modules/store/preview-addon-order.ts';
import { DomainError } from '../../modules/shared/errors.ts';
import { isHtmx } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { formInput, type Fields } from './form-input.ts';

const ids = (c: Context<Env>) => ({ clientId: c.var.client!.id, serviceId: parseId(c.req.param('id')), packageId: parseId(c.req.param('packageId')) });

async function orderPage(c: Context<Env>, form?: Fields, errors?: Errors, status: 200 | 409 | 422 = 200) {
  const input = ids(c);
  const service = await loadService(c.var.em, input.serviceId, input.clientId);
  const preview = await previewAddonOrder(c.var.em, { ...input, form, errors }, c.var.now).catch((err: unknown) => {
    // The service stopped taking add-ons (suspended, ending): back to the list, which says why.
    if (err instanceof DomainError) return null;
    throw err;
  });
  if (!preview) return c.redirect(`/account/services/${input.serviceId}/addons`, 303);
  const code = status === 200 && Object.keys(preview.errors).length ? 422 : status;
  return c.html(<AddonOrderPage client={c.var.client} csrfToken={c.var.csrfToken} serviceName={service.package.name} {...preview} />, code);
}

/** A client adds an add-on to their running service: choose, see the charge to its due date, pay. */
export const serviceAddonRoutes = new Hono<Env>()
  .get('/services/:id/addons', async (c) => {
    const { clientId, serviceId } = ids(c);
    const service = await loadService(c.var.em, serviceId, clientId);
    const offers = await listAddonOffers(c.var.em, clientId, serviceId, c.var.now);
    return c.html(<AddonOffersPage client={c.var.client} csrfToken={c.var.csrfToken} service={service} offers={offers} />);
  })
  .get('/services/:id/addons/:packageId', (c) => orderPage(c))
  // The summary as choices change: the fragment (choices and the expected total out of band) for
  // htmx, the whole page for the no-JavaScript "Update price" button.
  .post('/services/:id/addons/:packageId/quote', async (c) => {
    const { form, errors } = await formInput(c);
    if (!isHtmx(c)) return orderPage(c, form, errors ?? undefined);
    const preview = await previewAddonOrder(c.var.em, { ...ids(c), form, errors: errors ?? undefined }, c.var.now);
    const status = Object.keys(preview.errors).length ? 422 : 200;
    return c.html(
      <>
        <OrderSummary quote={preview.quote} currency={preview.page.currency} />
        <OrderChoices page={preview.page} choice={preview.choice} errors={preview.errors} oob />
        <ExpectedTotal total={preview.quote?.total ?? null} oob />
      </>,
      status,
    );
  })
  .post('/services/:id/addons/:packageId', async (c) => {
    const { form, errors } = await formInput(c);
    const result = errors ? { ok: false as const, errors, status: 422 as const } : await attempt(() => placeAddonOrder(c.var.em, { ...ids(c), form }, c.var.now));
    if (result.ok) return redirectAfterPost(c, `/account/invoices/${result.value.invoiceId}`);
    return orderPage(c, form, result.errors, result.status);
  });
