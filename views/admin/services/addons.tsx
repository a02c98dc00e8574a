import type { AddonOffers } from '../../../src/modules/store/list-addon-offers.ts';
import type { AddonPreview } from '../../../src/modules/store/preview-addon-order.ts';
import type { ServiceDetail } from '../../../src/modules/services/load-service.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { AddonOffersBody, AddonOrderForm } from '../../components/addon-order.tsx';

function Crumbs(props: { service: ServiceDetail; more?: boolean }) {
  const s = props.service;
  return (
    <p class="crumbs">
      <a href="/admin/services">Services</a> / <a href={`/admin/services/${s.id}`}>#{s.id}</a> /
      {props.more && (
        <>
          {' '}
          <a href={`/admin/services/${s.id}/addons`}>Add-ons</a> /
        </>
      )}
    </p>
  );
}

/** Staff add an add-on for the client: the same offers and prices the client sees, invoiced to the client. */
export function AdminAddonOffersPage(props: PageProps & { service: ServiceDetail; offers: AddonOffers }) {
  const s = props.service;
  return (
    <AdminLayout {...props} title={`Add-ons for #${s.id}`} active="services">
      <Crumbs service={s} />
      <h1>
        Add an add-on to {s.package.name} #{s.id} <span class="muted small">for {s.client.name}</span>
      </h1>
      <AddonOffersBody offers={props.offers} base={`/admin/services/${s.id}/addons`} />
    </AdminLayout>
  );
}

export function AdminAddonOrderPage(props: PageProps & AddonPreview & { service: ServiceDetail }) {
  return (
    <AdminLayout {...props} title={`Add ${props.page.name}`} active="services">
      <Crumbs service={props.service} more />
      <h1>
        Add {props.page.name}{' '}
        <span class="muted small">
          to #{props.service.id}, for {props.service.client.name}
        </span>
      </h1>
      <AddonOrderForm
        {...props}
        csrfToken={props.csrfToken ?? null}
        base={`/admin/services/${props.service.id}/addons`}
        submit="Add and invoice the client"
      />
    </AdminLayout>
  );
}
