import { hasEnded } from '../../../src/modules/shared/statuses.ts';
import { HistoryCard } from '../audit/history-card.tsx';
import type { ServiceDetail } from '../../../src/modules/services/load-service.ts';
import { formatMoney, fromDecimalString } from '../../../src/modules/shared/money.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import type { ServiceChangeSummary } from '../../../src/modules/scaling/load-service-change-summary.ts';
import { ChangePackageLink, PendingChange } from './change.tsx';
import { ServiceAddons } from '../../components/service-addons.tsx';
import { endWithTermQuestion } from './confirm-action.tsx';
import { Csrf, FormErrors, type Errors } from '../../components/form.tsx';
import { UpcomingPeriods } from '../../components/upcoming-periods.tsx';
import type { ServiceSchedule } from '../../../src/modules/billing/load-service-schedule.ts';
import { ServiceOptionsFact } from '../../components/service-options.tsx';
import { ServiceInvoices } from '../../components/service-invoices.tsx';
import type { ServiceInvoiceRow } from '../../../src/modules/services/list-service-invoices.ts';

function ActionButton(props: { id: number; action: string; label: string; csrfToken: string | null; confirm?: string; danger?: boolean }) {
  return (
    <form
      method="post"
      action={`/admin/services/${props.id}/${props.action}`}
      class="inline"
      hx-boost="true"
      hx-confirm={props.confirm}
      // Asked by the dialog; without JavaScript the route asks with a page of its own.
      hx-vals={props.confirm ? '{"confirmed":"1"}' : undefined}
    >
      <Csrf token={props.csrfToken} />
      <button type="submit" class={props.danger ? 'danger' : ''}>
        {props.label}
      </button>
    </form>
  );
}

const SUSPENDED_BECAUSE: Record<string, string> = {
  overdue: 'Overdue invoice: lifts when it is paid',
  staff: 'By staff: lifts only when staff unsuspend',
  parent: 'With its parent service: lifts when the parent is unsuspended',
};

export function ServicePage(
  props: PageProps & {
    minorUnits?: number;
    service: ServiceDetail;
    schedule?: ServiceSchedule;
    /** The invoices that bill it, newest first, drafts included. */
    invoices: ServiceInvoiceRow[];
    change?: ServiceChangeSummary;
    canWrite: boolean;
    errors?: Errors;
    /** The staff's today: a term that ended before it is cancelled at once. */
    today: string;
    /** It is set to end by a request that can still be withdrawn (withdrawRefusal). */
    canKeepRunning?: boolean;
  },
) {
  const s = props.service;
  const token = props.csrfToken ?? null;
  return (
    <AdminLayout {...props} title={`Service #${s.id}`} active="services">
      <p class="crumbs">
        <a href="/admin/services">Services</a> /
      </p>
      <div class="heading">
        <h1>
          Service #{s.id} <span class={`badge service-${s.status}`}>{s.status}</span>
        </h1>
        {props.canWrite && (
          <div class="actions">
            {s.status === 'pending' && <ActionButton id={s.id} action="retry" label="Retry provisioning" csrfToken={token} />}
            {s.status === 'active' && (
              <ActionButton id={s.id} action="suspend" label="Suspend" csrfToken={token} confirm={`Suspend service #${s.id}?`} />
            )}
            {s.status === 'suspended' && <ActionButton id={s.id} action="unsuspend" label="Unsuspend" csrfToken={token} />}
            {s.status === 'active' && <ActionButton id={s.id} action="resend-welcome" label="Resend welcome email" csrfToken={token} />}
            <ChangePackageLink serviceId={s.id} change={props.change} canWrite={props.canWrite} />
            {(s.status === 'active' || s.status === 'suspended') && !s.cancelAt && s.nextDueDate && (
              <ActionButton
                id={s.id}
                action="cancel-at-end"
                label="End with its term"
                csrfToken={token}
                confirm={endWithTermQuestion(s.id, s.nextDueDate, props.today).dialog}
              />
            )}
            {props.canKeepRunning && <ActionButton id={s.id} action="keep-running" label="Keep it running" csrfToken={token} />}
            {s.status !== 'terminated' && (
              <ActionButton
                id={s.id}
                action="terminate"
                label="Terminate"
                csrfToken={token}
                confirm={`Terminate service #${s.id}? Its unit returns to stock.`}
                danger
              />
            )}
          </div>
        )}
      </div>
      <FormErrors errors={props.errors} />
      <PendingChange change={props.change} />
      {s.lastError && (
        <div class={`notice ${s.status === 'pending' ? 'error' : 'warn'}`} role="alert">
          <strong>Last provisioning error:</strong> {s.lastError}
        </div>
      )}
      <section class="card">
        <dl class="facts">
          <dt>Client</dt>
          <dd>
            <a href={`/admin/clients/${s.client.id}`}>{s.client.name}</a> ({s.client.email})
          </dd>
          <dt>Package</dt>
          <dd>
            <a href={`/admin/packages/${s.package.id}`}>{s.package.name}</a> {s.priceName && <span class="muted">· {s.priceName}</span>}
          </dd>
          <ServiceOptionsFact options={s.options} />
          {s.parent && (
            <>
              <dt>Add-on of</dt>
              <dd>
                <a href={`/admin/services/${s.parent.id}`}>
                  {s.parent.packageName} #{s.parent.id}
                </a>{' '}
                <span class="muted small">renews on its invoice; suspended and ended with it</span>
              </dd>
            </>
          )}
          <dt>Provisioning</dt>
          <dd>{s.package.pluginName ?? 'Manual'}</dd>
          <dt>Renews for</dt>
          <dd>
            {/* An ended service, or one set to end with its term, renews for nothing. */}
            {s.renewal && s.currency && !hasEnded(s.status) && !s.cancelAt ? formatMoney(fromDecimalString(s.renewal), s.currency) : '—'}
            {s.customPrice && s.currency && ' '}
            {s.customPrice && s.currency && (
              <span
                class="badge warn"
                title={`Custom price ${formatMoney(fromDecimalString(s.customPrice), s.currency)} per unit, set by staff; a package change drops it`}
              >
                custom price
              </span>
            )}
          </dd>
          <dt>Next due</dt>
          <dd>{hasEnded(s.status) ? '—' : (s.nextDueDate ?? '—')}</dd>
          {s.cancelAt && (
            <>
              <dt>Ends on</dt>
              <dd>{s.cancelAt} (does not renew)</dd>
            </>
          )}
          {s.status === 'suspended' && (
            <>
              <dt>Suspended</dt>
              <dd>{SUSPENDED_BECAUSE[s.suspendReason ?? 'staff'] ?? SUSPENDED_BECAUSE.staff}</dd>
            </>
          )}
          {s.orderId !== null && (
            <>
              <dt>Order</dt>
              <dd>
                <a href={`/admin/orders/${s.orderId}`}>#{s.orderId}</a>
              </dd>
            </>
          )}
          <dt>Provisioned</dt>
          <dd>{s.provisionedAt ? `${s.provisionedAt.replace('T', ' ').slice(0, 16)} UTC` : 'not yet'}</dd>
          {Object.keys(s.pluginData).length > 0 && (
            <>
              <dt>Plugin data</dt>
              <dd>
                {Object.entries(s.pluginData).map(([k, v]) => (
                  <div>
                    <code>{k}</code> {v}
                  </div>
                ))}
              </dd>
            </>
          )}
        </dl>
      </section>
      <ServiceAddons
        service={s}
        hrefOf={(id) => `/admin/services/${id}`}
        minorUnits={props.minorUnits ?? 2}
        addHref={props.canWrite && s.takesAddons ? `/admin/services/${s.id}/addons` : undefined}
      />
      {props.schedule && <UpcomingPeriods schedule={props.schedule} invoiceHref={(id) => `/admin/invoices/${id}`} />}
      <ServiceInvoices invoices={props.invoices} invoiceHref={(id) => `/admin/invoices/${id}`} />
      <section class="card">
        <h2>History</h2>
        <table class="table compact">
          <caption class="sr-only">Status history</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Status</th>
              <th scope="col">What happened</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {s.events.map((e) => (
              <tr>
                <td class="nowrap">{e.at.replace('T', ' ').slice(0, 19)}</td>
                <td class="nowrap">{e.from && e.from !== e.to ? `${e.from} → ${e.to}` : e.to}</td>
                <td>{e.note}</td>
                <td>{e.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <HistoryCard objectType="service" objectId={s.id} />
    </AdminLayout>
  );
}
