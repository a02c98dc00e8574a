import type { ClientDashboard, DashboardInvoice, DashboardService } from '../../src/modules/clients/load-client-dashboard.ts';
import type { ClientMessageRow } from '../../src/modules/mail/list-client-messages.ts';
import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';
import { date, money } from '../components/money.ts';
import { t } from '../../src/i18n/locale.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { ServiceStatusBadge } from './service-status.tsx';
import { NextDue } from './tables.tsx';
import { clientMessageHref, NotSentNote } from './messages.tsx';

function UnpaidInvoices(props: { rows: DashboardInvoice[]; count: number }) {
  return (
    <section class="card" aria-labelledby="dash-invoices-title">
      <div class="heading">
        <h2 id="dash-invoices-title">{t('client:dashboard.unpaid.title')}</h2>
        <a href="/account/invoices">{t('client:dashboard.unpaid.all')}</a>
      </div>
      {props.rows.length ? (
        <div class="scroll-x">
          <table class="table compact" id="unpaid-invoices">
            <caption class="sr-only">{t('client:dashboard.unpaid.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('client:dashboard.unpaid.invoice')}</th>
                <th scope="col" class="num">
                  {t('client:dashboard.unpaid.amountDue')}
                </th>
                <th scope="col">{t('client:dashboard.unpaid.dueDate')}</th>
                <th scope="col">
                  <span class="sr-only">{t('client:dashboard.unpaid.pay')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map(({ invoice: i, amountDue, minorUnits, overdue }) => (
                <tr>
                  <td>
                    <a href={`/account/invoices/${i.id}`}>{invoiceNumber(i)}</a>
                  </td>
                  <td class="num nowrap">
                    <strong>{money(amountDue, i.currency, minorUnits)}</strong>
                  </td>
                  <td>
                    <span class="nowrap">{date(i.due_date)}</span>{' '}
                    {overdue && <strong class="error nowrap">{t('client:dashboard.unpaid.overdue')}</strong>}
                  </td>
                  <td class="num">
                    <a
                      class="button small primary"
                      href={`/account/invoices/${i.id}`}
                      aria-label={t('client:dashboard.unpaid.payInvoice', { number: invoiceNumber(i) })}
                    >
                      {t('client:dashboard.unpaid.pay')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('client:dashboard.unpaid.none')}</p>
      )}
      {props.count > props.rows.length && (
        <p class="small">
          <a href="/account/invoices">{t('client:dashboard.unpaid.more', { count: props.count - props.rows.length })}</a>
        </p>
      )}
    </section>
  );
}

function Services(props: { rows: DashboardService[]; count: number }) {
  return (
    <section class="card" aria-labelledby="dash-services-title">
      <div class="heading">
        <h2 id="dash-services-title">{t('client:dashboard.services.title')}</h2>
        {props.count > 0 && <a href="/account/services">{t('client:dashboard.services.all', { count: props.count })}</a>}
      </div>
      {props.rows.length ? (
        <div class="scroll-x">
          <table class="table compact" id="dashboard-services">
            <caption class="sr-only">{t('client:dashboard.services.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('client:dashboard.services.service')}</th>
                <th scope="col">{t('client:dashboard.services.status')}</th>
                <th scope="col">{t('client:dashboard.services.nextDue')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((s) => (
                <tr>
                  <td>
                    <a href={`/account/services/${s.id}`}>{s.packageName}</a> <span class="muted small">#{s.id}</span>
                  </td>
                  <td>
                    <ServiceStatusBadge status={s.status} />
                  </td>
                  <td class="nowrap">
                    <NextDue {...s} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{props.count ? t('client:dashboard.services.noneRunning') : t('client:dashboard.services.none')}</p>
      )}
      <p>
        <a class={props.count ? 'button' : 'button primary'} href="/store">
          {props.count ? t('client:dashboard.services.orderAnother') : t('client:dashboard.services.browse')}
        </a>
      </p>
    </section>
  );
}

function Credit(props: { credit: ClientDashboard['credit'] }) {
  const c = props.credit;
  return (
    <section class="card" aria-labelledby="dash-credit-title">
      <h2 id="dash-credit-title">{t('client:dashboard.credit.title')}</h2>
      <p class="credit-amount">
        <strong id="credit-balance">{money(c.amount, c.currency ?? '', c.minorUnits).trim()}</strong>
      </p>
      <p class="muted small">{t('client:dashboard.credit.note')}</p>
    </section>
  );
}

function Messages(props: { rows: ClientMessageRow[] }) {
  return (
    <section class="card" aria-labelledby="dash-messages-title">
      <div class="heading">
        <h2 id="dash-messages-title">{t('client:dashboard.messages.title')}</h2>
        {props.rows.length > 0 && <a href="/account/messages">{t('client:dashboard.messages.all')}</a>}
      </div>
      {props.rows.length ? (
        <ul class="plain messages" id="recent-messages">
          {props.rows.map((m) => (
            <li>
              <time class="muted small nowrap" datetime={m.at}>
                {date(m.at)}
              </time>{' '}
              <a href={clientMessageHref(m.id)}>{m.subject}</a>
              <NotSentNote status={m.status} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('client:dashboard.messages.none')}</p>
      )}
    </section>
  );
}

export function DashboardPage(props: ClientPageProps & { data: ClientDashboard }) {
  const d = props.data;
  return (
    <ClientLayout {...props} title={t('client:dashboard.title')} active="dashboard">
      <h1>{t('client:dashboard.title')}</h1>
      <div class="split dashboard">
        <div>
          <UnpaidInvoices rows={d.invoices} count={d.unpaidCount} />
          <Services rows={d.services} count={d.serviceCount} />
        </div>
        <div>
          <Credit credit={d.credit} />
          <Messages rows={d.messages} />
        </div>
      </div>
    </ClientLayout>
  );
}
