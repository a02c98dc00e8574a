import { AdminAddonOffersPage, AdminAddonOrderPage } from '../../../views/admin/services/addons.tsx';
import { addonOrderRoutes, anyService } from '../addon-order-routes.tsx';
import { layoutProps } from '../respond.ts';

/** Staff add an add-on to a client's running service, invoiced to the client. */
export const serviceAddonRoutes = addonOrderRoutes({
  service: anyService,
  offersPage: (c, service, offers) => c.html(<AdminAddonOffersPage {...layoutProps(c)} service={service} offers={offers} />),
  orderPage: (c, service, preview, status) =>
    c.html(<AdminAddonOrderPage {...layoutProps(c)} service={service} {...preview} />, status as 200),
  listHref: (id) => `/admin/services/${id}/addons`,
  invoiceHref: (id) => `/admin/invoices/${id}`,
});
