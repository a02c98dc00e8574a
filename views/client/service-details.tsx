import type { ServiceDetailRow } from '../../src/modules/services/rules/service-details.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { t } from '../../src/i18n/locale.ts';

const detailHref = (serviceId: number, key: string) => `/account/services/${serviceId}/details/${encodeURIComponent(key)}`;

/**
 * One value: shown as it is, or masked with a Show link that fetches it into place (htmx swaps
 * this very component) or, without JavaScript, opens it on a page of its own. `revealed` takes
 * the focus, which would otherwise be lost with the Show link it replaces.
 */
export function DetailValue(props: { serviceId: number; detail: ServiceDetailRow; revealed?: boolean }) {
  const d = props.detail;
  if (d.value !== null) {
    return (
      <span class="detail-value">
        {props.revealed ? (
          <code tabindex={-1} autofocus>
            {d.value}
          </code>
        ) : (
          <code>{d.value}</code>
        )}
      </span>
    );
  }
  const href = detailHref(props.serviceId, d.key);
  return (
    <span class="detail-value">
      <span class="masked" aria-hidden="true">
        ••••••••
      </span>
      <span class="sr-only">{t('client:service.details.hidden')}</span>{' '}
      <a
        class="button small"
        href={href}
        hx-get={href}
        hx-target="closest .detail-value"
        hx-swap="outerHTML"
        aria-label={t('client:service.details.showLabel', { label: d.label })}
      >
        {t('client:service.details.show')}
      </a>
    </span>
  );
}

/** What the provisioning plugin returned on create (an IP, a username, a password). */
export function ServiceDetails(props: { serviceId: number; details: ServiceDetailRow[] }) {
  if (!props.details.length) return null;
  return (
    <section class="card" aria-labelledby="details-title">
      <h2 id="details-title">{t('client:service.details.title')}</h2>
      <dl class="facts" id="service-details">
        {props.details.map((d) => (
          <>
            <dt>{d.label}</dt>
            <dd>
              <DetailValue serviceId={props.serviceId} detail={d} />
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}

/** The Show link without JavaScript: the one value on a page of its own. */
export function ServiceDetailPage(props: ClientPageProps & { serviceId: number; detail: ServiceDetailRow }) {
  const id = props.serviceId;
  return (
    <ClientLayout {...props} title={`${props.detail.label} · ${t('client:service.title', { id })}`} active="services">
      <p class="crumbs">
        <a href="/account/services">{t('client:services.title')}</a> /{' '}
        <a href={`/account/services/${id}`}>{t('client:service.title', { id })}</a> /
      </p>
      <h1>{props.detail.label}</h1>
      <section class="card">
        <dl class="facts">
          <dt>{props.detail.label}</dt>
          <dd>
            <DetailValue serviceId={id} detail={props.detail} />
          </dd>
        </dl>
      </section>
      <p>
        <a href={`/account/services/${id}`}>{t('client:service.details.back')}</a>
      </p>
    </ClientLayout>
  );
}
