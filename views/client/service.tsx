import type { ClientService } from '../../src/modules/services/load-client-service.ts';
import type { CancelWhen } from '../../src/modules/services/request-cancellation.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../components/form.tsx';
import { date, money } from '../components/money.ts';
import { t } from '../../src/i18n/locale.ts';
import type { ServiceChangeSummary } from '../../src/modules/scaling/load-service-change-summary.ts';
import { ServiceChangeSection } from './service-change.tsx';
import { UpcomingPeriods } from '../components/upcoming-periods.tsx';
import { ServiceAddons } from '../components/service-addons.tsx';
import type { ServiceSchedule } from '../../src/modules/billing/load-service-schedule.ts';
import { ServiceOptionsFact } from '../components/service-options.tsx';
import { ServiceDetails } from './service-details.tsx';
import { ServiceInvoices } from '../components/service-invoices.tsx';
import { ServiceStatusBadge } from './service-status.tsx';

/** Why a service is suspended, as the client is told (client:service.suspended.*). */
const SUSPENDED_BECAUSE = new Set(['overdue', 'staff', 'parent']);

/** The two ways to cancel, each leading to a confirmation page (so it works without JavaScript). */
function CancelChoices(props: { data: ClientService }) {
  const s = props.data.service;
  return (
    <section class="card" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t('client:service.cancel.title')}</h2>
      <form method="get" action={`/account/services/${s.id}/cancel`} class="row-actions">
        {s.nextDueDate && !s.cancelAt && (
          <button type="submit" name="when" value="end_of_term">
            {t('client:service.cancel.endOfTerm')}
          </button>
        )}
        <button type="submit" name="when" value="now" class="danger">
          {t('client:service.cancel.now')}
        </button>
      </form>
      <p class="muted small">{t('client:service.cancel.confirmNote')}</p>
    </section>
  );
}

/** Withdraws an end of term the client asked for: one button, nothing to confirm (it changes nothing they paid for). */
function KeepRunning(props: { serviceId: number; csrfToken?: string | null }) {
  return (
    <form method="post" action={`/account/services/${props.serviceId}/keep`}>
      <Csrf token={props.csrfToken ?? null} />
      <button type="submit">{t('client:service.keepRunning')}</button>
    </form>
  );
}

export function ServicePage(
  props: ClientPageProps & { data: ClientService; schedule?: ServiceSchedule; change?: ServiceChangeSummary; errors?: Errors },
) {
  const { service: s, minorUnits } = props.data;
  return (
    <ClientLayout {...props} title={t('client:service.title', { id: s.id })} active="services">
      <p class="crumbs">
        <a href="/account/services">{t('client:services.title')}</a> /
      </p>
      <h1>
        {s.package.name} <ServiceStatusBadge status={s.status} />
      </h1>
      <FormErrors errors={props.errors} />
      {s.cancelAt && s.status !== 'cancelled' && (
        <Notice kind="warn">
          <p>{t('client:service.endsOn', { date: date(s.cancelAt) })}</p>
          {props.data.canWithdraw && <KeepRunning serviceId={s.id} csrfToken={props.csrfToken} />}
        </Notice>
      )}
      {s.status === 'suspended' && (
        <Notice kind="warn">
          {t(`client:service.suspended.${SUSPENDED_BECAUSE.has(s.suspendReason ?? '') ? s.suspendReason : 'staff'}`)}
        </Notice>
      )}
      {s.status === 'pending' && <Notice kind="info">{t('client:service.pending')}</Notice>}
      <section class="card">
        <dl class="facts">
          <dt>{t('client:service.facts.service')}</dt>
          <dd>#{s.id}</dd>
          <dt>{t('client:service.facts.package')}</dt>
          <dd>
            {s.package.name} {s.priceName && <span class="muted">· {s.priceName}</span>}
          </dd>
          <ServiceOptionsFact options={s.options} />
          {s.parent && (
            <>
              <dt>{t('client:service.facts.addonOf')}</dt>
              <dd>
                <a href={`/account/services/${s.parent.id}`}>
                  {s.parent.packageName} #{s.parent.id}
                </a>{' '}
                <span class="muted small">{t('client:service.facts.withParent')}</span>
              </dd>
            </>
          )}
          {/* A service that ends (at its term, or already) renews for nothing and is due nothing more. */}
          {!s.cancelAt && s.status !== 'cancelled' && s.status !== 'terminated' && (
            <>
              <dt>{t('client:service.facts.renewsFor')}</dt>
              <dd>
                {s.renewal && s.currency ? t('client:service.facts.beforeTax', { amount: money(s.renewal, s.currency, minorUnits) }) : '—'}
              </dd>
              <dt>{t('client:service.facts.nextDue')}</dt>
              <dd>{date(s.nextDueDate)}</dd>
            </>
          )}
          {s.cancelAt && (
            <>
              <dt>{t(s.status === 'cancelled' ? 'client:service.facts.endedOn' : 'client:service.facts.endsOn')}</dt>
              <dd>{date(s.cancelAt)}</dd>
            </>
          )}
          <dt>{t('client:service.facts.since')}</dt>
          <dd>{date(s.createdAt)}</dd>
        </dl>
      </section>
      <ServiceDetails serviceId={s.id} details={props.data.details} />
      {props.schedule && <UpcomingPeriods schedule={props.schedule} invoiceHref={(id) => `/account/invoices/${id}`} />}
      <ServiceAddons
        service={s}
        hrefOf={(id) => `/account/services/${id}`}
        minorUnits={minorUnits}
        addHref={s.takesAddons ? `/account/services/${s.id}/addons` : undefined}
      />
      <ServiceInvoices invoices={props.data.invoices} invoiceHref={(id) => `/account/invoices/${id}`} />
      {props.change && <ServiceChangeSection serviceId={s.id} change={props.change} />}
      {props.data.canCancel && <CancelChoices data={props.data} />}
    </ClientLayout>
  );
}

export function CancelServicePage(props: ClientPageProps & { data: ClientService; when: CancelWhen }) {
  const { service: s, cancellationFee, feeCurrency, minorUnits } = props.data;
  const now = props.when === 'now';
  return (
    <ClientLayout {...props} title={t('client:service.cancel.pageTitle')} active="services">
      <section class="card narrow">
        <h1>{t(now ? 'client:service.cancel.nowQuestion' : 'client:service.cancel.endOfTermQuestion')}</h1>
        <p>
          {now
            ? t('client:service.cancel.nowText', { id: s.id, name: s.package.name })
            : t(props.data.termOver ? 'client:service.cancel.termOverText' : 'client:service.cancel.endOfTermText', {
                id: s.id,
                name: s.package.name,
                date: date(s.nextDueDate),
              })}
        </p>
        {now && cancellationFee && feeCurrency && (
          <Notice kind="warn">{t('client:service.cancel.fee', { amount: money(cancellationFee, feeCurrency, minorUnits) })}</Notice>
        )}
        <form method="post" action={`/account/services/${s.id}/cancel`} class="row-actions">
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="when" value={props.when} />
          <button type="submit" class="danger">
            {t(now ? 'client:service.cancel.yesNow' : 'client:service.cancel.yesEndOfTerm')}
          </button>
          <a href={`/account/services/${s.id}`}>{t('client:service.cancel.keep')}</a>
        </form>
      </section>
    </ClientLayout>
  );
}
