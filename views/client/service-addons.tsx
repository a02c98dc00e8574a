import type { AddonOffers } from '../../src/modules/store/list-addon-offers.ts';
import type { AddonPreview } from '../../src/modules/store/preview-addon-order.ts';
import type { ServiceDetail } from '../../src/modules/services/load-service.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { AddonOffersBody, AddonOrderForm } from '../components/addon-order.tsx';
import { t } from '../../src/i18n/locale.ts';

function Crumbs(props: { service: { id: number; name: string }; more?: boolean }) {
  return (
    <p class="crumbs">
      <a href="/account/services">{t('client:services.title')}</a> /{' '}
      <a href={`/account/services/${props.service.id}`}>
        {props.service.name} #{props.service.id}
      </a>{' '}
      /
      {props.more && (
        <>
          {' '}
          <a href={`/account/services/${props.service.id}/addons`}>{t('common:addons.title')}</a> /
        </>
      )}
    </p>
  );
}

export function AddonOffersPage(props: ClientPageProps & { service: ServiceDetail; offers: AddonOffers }) {
  const s = props.service;
  return (
    <ClientLayout {...props} title={t('common:addons.add')} active="services">
      <Crumbs service={{ id: s.id, name: s.package.name }} />
      <h1>{t('client:addons.addTo', { name: s.package.name })}</h1>
      <AddonOffersBody offers={props.offers} base={`/account/services/${s.id}/addons`} />
    </ClientLayout>
  );
}

export function AddonOrderPage(props: ClientPageProps & AddonPreview & { serviceName: string }) {
  return (
    <ClientLayout {...props} title={t('client:addons.addOne', { name: props.page.name })} active="services">
      <Crumbs service={{ id: props.serviceId, name: props.serviceName }} more />
      <h1>{t('client:addons.addOne', { name: props.page.name })}</h1>
      <AddonOrderForm
        {...props}
        csrfToken={props.csrfToken ?? null}
        base={`/account/services/${props.serviceId}/addons`}
        submit={t('client:addons.submit')}
      />
    </ClientLayout>
  );
}
