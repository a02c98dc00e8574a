import type { ClientService } from '../../src/modules/services/load-client-service.ts';
import type { CancelWhen } from '../../src/modules/services/request-cancellation.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../components/form.tsx';
import { money } from '../components/money.ts';
import type { ServiceChangeSummary } from '../../src/modules/scaling/load-service-change-summary.ts';
import { ServiceChangeSection } from './service-change.tsx';
import { UpcomingPeriods } from '../components/upcoming-periods.tsx';
import { ServiceAddons } from '../components/service-addons.tsx';
import type { ServiceSchedule } from '../../src/modules/billing/load-service-schedule.ts';
import { ServiceOptionsFact } from '../components/service-options.tsx';
import { ServiceDetails } from './service-details.tsx';
import { ServiceInvoices } from './service-invoices.tsx';
import { ServiceStatusBadge } from './service-status.tsx';


const SUSPENDED_BECAUSE: Record<string, string> = {
  overdue: 'This service is suspended because an invoice is overdue. Paying it brings the service back at once.',
  staff: 'This service is suspended by our staff. Please contact support.',
  parent: 'This add-on is suspended with the service it belongs to, and comes back with it.',
};

/** The two ways to cancel, each leading to a confirmation page (so it works without JavaScript). */
function CancelChoices(props: { data: ClientService }) {
  const s = props.data.service;
  return (
    <section class="card" aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel this service</h2>
      <form method="get" action={`/account/services/${s.id}/cancel`} class="row-actions">
        {s.nextDueDate && !s.cancelAt && (
          <button type="submit" name="when" value="end_of_term">
            Cancel at the end of the term
          </button>
        )}
        <button type="submit" name="when" value="now" class="danger">
          Cancel now
        </button>
      </form>
      <p class="muted small">You will be asked to confirm.</p>
    </section>
  );
}

export function ServicePage(props: ClientPageProps & { data: ClientService; schedule?: ServiceSchedule; change?: ServiceChangeSummary; errors?: Errors }) {
  const { service: s, minorUnits } = props.data;
  return (
    <ClientLayout {...props} title={`Service #${s.id}`} active="services">
      <p class="crumbs">
        <a href="/account/services">Services</a> /
      </p>
      <h1>
        {s.package.name} <ServiceStatusBadge status={s.status} />
      </h1>
      <FormErrors errors={props.errors} />
      {s.cancelAt && s.status !== 'cancelled' && <Notice kind="warn">This service ends on {s.cancelAt}; it will not renew.</Notice>}
      {s.status === 'suspended' && <Notice kind="warn">{SUSPENDED_BECAUSE[s.suspendReason ?? 'staff'] ?? SUSPENDED_BECAUSE.staff}</Notice>}
      {s.status === 'pending' && <Notice kind="info">We are setting this service up. This page shows it as active when it is ready.</Notice>}
      <section class="card">
        <dl class="facts">
          <dt>Service</dt>
          <dd>#{s.id}</dd>
          <dt>Package</dt>
          <dd>
            {s.package.name} {s.priceName && <span class="muted">· {s.priceName}</span>}
          </dd>
          <ServiceOptionsFact options={s.options} />
          {s.parent && (
            <>
              <dt>Add-on of</dt>
              <dd>
                <a href={`/account/services/${s.parent.id}`}>
                  {s.parent.packageName} #{s.parent.id}
                </a>{' '}
                <span class="muted small">renews and ends with it</span>
              </dd>
            </>
          )}
          <dt>Renews for</dt>
          <dd>{s.renewal && s.currency ? `${money(s.renewal, s.currency, minorUnits)} before tax` : '—'}</dd>
          <dt>Next due</dt>
          <dd>{s.nextDueDate ?? '—'}</dd>
          {s.cancelAt && (
            <>
              <dt>{s.status === 'cancelled' ? 'Ended on' : 'Ends on'}</dt>
              <dd>{s.cancelAt}</dd>
            </>
          )}
          <dt>Since</dt>
          <dd>{s.createdAt.slice(0, 10)}</dd>
        </dl>
      </section>
      <ServiceDetails serviceId={s.id} details={props.data.details} />
      {props.schedule && <UpcomingPeriods schedule={props.schedule} invoiceHref={(id) => `/account/invoices/${id}`} />}
      <ServiceAddons service={s} hrefOf={(id) => `/account/services/${id}`} minorUnits={minorUnits} addHref={s.takesAddons ? `/account/services/${s.id}/addons` : undefined} />
      <ServiceInvoices invoices={props.data.invoices} />
      {props.change && <ServiceChangeSection serviceId={s.id} change={props.change} />}
      {props.data.canCancel && <CancelChoices data={props.data} />}
    </ClientLayout>
  );
}

export function CancelServicePage(props: ClientPageProps & { data: ClientService; when: CancelWhen }) {
  const { service: s, cancellationFee, feeCurrency, minorUnits } = props.data;
  const now = props.when === 'now';
  return (
    <ClientLayout {...props} title="Cancel service" active="services">
      <section class="card narrow">
        <h1>{now ? 'Cancel now?' : 'Cancel at the end of the term?'}</h1>
        <p>
          {now
            ? `Service #${s.id} (${s.package.name}) stops right away and cannot be restored.`
            : `Service #${s.id} (${s.package.name}) keeps running until ${s.nextDueDate} and then ends; it will not renew.`}
        </p>
        {now && cancellationFee && feeCurrency && <Notice kind="warn">Cancelling before the term ends costs a cancellation fee of {money(cancellationFee, feeCurrency, minorUnits)} before tax, invoiced to you.</Notice>}
        <form method="post" action={`/account/services/${s.id}/cancel`} class="row-actions">
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="when" value={props.when} />
          <button type="submit" class="danger">
            {now ? 'Yes, cancel now' : 'Yes, cancel at the end of the term'}
          </button>
          <a href={`/account/services/${s.id}`}>No, keep it</a>
        </form>
      </section>
    </ClientLayout>
  );
}
