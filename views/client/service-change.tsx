import type { ChangePagePreview } from '../../src/modules/scaling/preview-change-page.ts';
import type { ServiceChangeSummary } from '../../src/modules/scaling/load-service-change-summary.ts';
import { ChangePageBody, PendingChangeNotice } from '../components/change-preview.tsx';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { t } from '../../src/i18n/locale.ts';

const invoiceHref = (id: number) => `/account/invoices/${id}`;

/** On the service page: the way to another package, and a change waiting for payment. */
export function ServiceChangeSection(props: { serviceId: number; change: ServiceChangeSummary }) {
  const { canChange, pending } = props.change;
  if (!canChange && !pending) return null;
  return (
    <section class="card" aria-labelledby="change-title" id="change-package">
      <h2 id="change-title">{t('client:change.title')}</h2>
      {pending && <PendingChangeNotice pending={pending} invoiceHref={invoiceHref} />}
      {canChange && (
        <p>
          <a class="button" href={`/account/services/${props.serviceId}/change`}>
            {t('client:change.button')}
          </a>{' '}
          <span class="muted small">{t('client:change.note')}</span>
        </p>
      )}
    </section>
  );
}

/** The client's change-package page: choices, a preview of the amounts, and the confirmation. */
export function ServiceChangePage(props: ClientPageProps & ChangePagePreview) {
  const s = props.page.service;
  return (
    <ClientLayout {...props} title={t('common:change.title')} active="services">
      <ChangePageBody
        {...props}
        base={`/account/services/${s.id}/change`}
        csrfToken={props.csrfToken ?? null}
        crumbs={[
          { href: '/account/services', label: t('client:services.title') },
          { href: `/account/services/${s.id}`, label: t('client:service.title', { id: s.id }) },
        ]}
        intro={t('client:change.intro')}
        invoiceHref={invoiceHref}
      />
    </ClientLayout>
  );
}
