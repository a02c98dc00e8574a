import { AddonOffersPage, AddonOrderPage } from '../../../views/client/service-addons.tsx';
import { loadService } from '../../modules/services/load-service.ts';
import { addonOrderRoutes } from '../addon-order-routes.tsx';

/** A client adds an add-on to their own running service. */
export const serviceAddonRoutes = addonOrderRoutes({
  service: (c, id) => loadService(c.var.em, id, c.var.client!.id),
  offersPage: (c, service, offers) =>
    c.html(<AddonOffersPage client={c.var.client} csrfToken={c.var.csrfToken} service={service} offers={offers} />),
  orderPage: (c, service, preview, status) =>
    c.html(
      <AddonOrderPage client={c.var.client} csrfToken={c.var.csrfToken} serviceName={service.package.name} {...preview} />,
      status as 200,
    ),
  listHref: (id) => `/account/services/${id}/addons`,
  invoiceHref: (id) => `/account/invoices/${id}`,
});
