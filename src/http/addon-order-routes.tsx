import { Hono, type Context } from 'hono';
import { AddonQuoteFragment } from '../../views/components/addon-order.tsx';
import { loadService, type ServiceDetail } from '../modules/services/load-service.ts';
import { listAddonOffers, type AddonOffers } from '../modules/store/list-addon-offers.ts';
import { placeAddonOrder } from '../modules/store/place-addon-order.ts';
import { previewAddonOrder, type AddonPreview } from '../modules/store/preview-addon-order.ts';
import { DomainError } from '../modules/shared/errors.ts';
import { formInput, type Fields } from './client/form-input.ts';
import { isHtmx } from './form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from './respond.ts';
import type { Env } from './types.ts';

export interface AddonOrderSide {
  /** The service as this side may see it (a client: only their own), or NotFound. */
  service: (c: Context<Env>, serviceId: number) => Promise<ServiceDetail>;
  offersPage: (c: Context<Env>, service: ServiceDetail, offers: AddonOffers) => Response | Promise<Response>;
  orderPage: (c: Context<Env>, service: ServiceDetail, preview: AddonPreview, status: number) => Response | Promise<Response>;
  /** Where the service's add-ons list is, and where an invoice is. */
  listHref: (serviceId: number) => string;
  invoiceHref: (invoiceId: number) => string;
}

/**
 * Adding an add-on to a running service, for the client area and the staff admin alike: the
 * offers, the choice with its live price to the service's due date, and the order at the total
 * shown, invoiced to the service's client.
 */
export function addonOrderRoutes(side: AddonOrderSide) {
  async function context(c: Context<Env>) {
    const service = await side.service(c, parseId(c.req.param('id')));
    return { service, input: { clientId: service.client.id, serviceId: service.id, packageId: parseId(c.req.param('packageId')) } };
  }
  async function orderPage(c: Context<Env>, form?: Fields, errors?: Errors, status: 200 | 409 | 422 = 200) {
    const { service, input } = await context(c);
    const preview = await previewAddonOrder(c.var.em, { ...input, form, errors }, c.var.now).catch((err: unknown) => {
      // The service stopped taking add-ons (suspended, ending): back to the list, which says why.
      if (err instanceof DomainError) return null;
      throw err;
    });
    if (!preview) return c.redirect(side.listHref(service.id), 303);
    return side.orderPage(c, service, preview, status === 200 && Object.keys(preview.errors).length ? 422 : status);
  }
  return (
    new Hono<Env>()
      .get('/:id/addons', async (c) => {
        const { service } = await context(c);
        return side.offersPage(c, service, await listAddonOffers(c.var.em, service.client.id, service.id, c.var.now));
      })
      .get('/:id/addons/:packageId', (c) => orderPage(c))
      // The summary as choices change: the fragment for htmx, the whole page without JavaScript.
      .post('/:id/addons/:packageId/quote', async (c) => {
        const { form, errors } = await formInput(c);
        if (!isHtmx(c)) return orderPage(c, form, errors ?? undefined);
        const { input } = await context(c);
        const preview = await previewAddonOrder(c.var.em, { ...input, form, errors: errors ?? undefined }, c.var.now);
        return c.html(<AddonQuoteFragment {...preview} />, Object.keys(preview.errors).length ? 422 : 200);
      })
      .post('/:id/addons/:packageId', async (c) => {
        const { form, errors } = await formInput(c);
        const { input } = await context(c);
        const result = errors
          ? { ok: false as const, errors, status: 422 as const }
          : await attempt(() => placeAddonOrder(c.var.em, { ...input, form }, c.var.now));
        if (result.ok) return redirectAfterPost(c, side.invoiceHref(result.value.invoiceId));
        return orderPage(c, form, result.errors, result.status);
      })
  );
}

/** A service's page for a side that sees every service (staff). */
export const anyService = (c: Context<Env>, id: number) => loadService(c.var.em, id);
