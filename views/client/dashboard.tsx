import type { ClientDashboard, DashboardInvoice, DashboardService } from '../../src/modules/clients/load-client-dashboard.ts';
import type { ClientMessageRow } from '../../src/modules/mail/list-client-messages.ts';
import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';
import { money } from '../components/money.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { ServiceStatusBadge } from './service-status.tsx';

/** An email not (yet) delivered says so; a sent one needs no word. */
const NOT_SENT: Partial<Record<ClientMessageRow['status'], string>> = { queued: 'on its way', sending: 'on its way', failed: 'not delivered' };

function UnpaidInvoices(props: { rows: DashboardInvoice[]; count: number }) {
  return (
    <section class="card" aria-labelledby="dash-invoices-title">
      <div class="heading">
        <h2 id="dash-invoices-title">Unpaid invoices</h2>
        <a href="/account/invoices">All invoices</a>
      </div>
      {props.rows.length ? (
        <div class="scroll-x">
          <table class="table compact" id="unpaid-invoices">
            <caption class="sr-only">Unpaid invoices</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col" class="num">
                  Amount due
                </th>
                <th scope="col">Due date</th>
                <th scope="col">
                  <span class="sr-only">Pay</span>
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
                    <span class="nowrap">{i.due_date}</span> {overdue && <strong class="error nowrap">overdue</strong>}
                  </td>
                  <td class="num">
                    <a class="button small primary" href={`/account/invoices/${i.id}`} aria-label={`Pay invoice ${invoiceNumber(i)}`}>
                      Pay
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">Nothing to pay: you are all caught up.</p>
      )}
      {props.count > props.rows.length && (
        <p class="small">
          <a href="/account/invoices">{props.count - props.rows.length} more unpaid</a>
        </p>
      )}
    </section>
  );
}

function Services(props: { rows: DashboardService[]; count: number }) {
  return (
    <section class="card" aria-labelledby="dash-services-title">
      <div class="heading">
        <h2 id="dash-services-title">Services</h2>
        {props.count > 0 && <a href="/account/services">All services ({props.count})</a>}
      </div>
      {props.rows.length ? (
        <div class="scroll-x">
          <table class="table compact" id="dashboard-services">
            <caption class="sr-only">Your services</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Status</th>
                <th scope="col">Next due</th>
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
                  <td class="nowrap">{s.nextDueDate ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{props.count ? 'None of your services is running now.' : 'You have no services yet.'}</p>
      )}
      <p>
        <a class={props.count ? 'button' : 'button primary'} href="/store">
          {props.count ? 'Order another' : 'Browse the store'}
        </a>
      </p>
    </section>
  );
}

function Credit(props: { credit: ClientDashboard['credit'] }) {
  const c = props.credit;
  return (
    <section class="card" aria-labelledby="dash-credit-title">
      <h2 id="dash-credit-title">Account credit</h2>
      <p class="credit-amount">
        <strong id="credit-balance">{money(c.amount, c.currency ?? '', c.minorUnits).trim()}</strong>
      </p>
      <p class="muted small">Credit is spent first on your next invoices, renewals included.</p>
    </section>
  );
}

function Messages(props: { rows: ClientMessageRow[] }) {
  return (
    <section class="card" aria-labelledby="dash-messages-title">
      <h2 id="dash-messages-title">Recent messages</h2>
      {props.rows.length ? (
        <ul class="plain messages" id="recent-messages">
          {props.rows.map((m) => (
            <li>
              <time class="muted small nowrap" datetime={m.at}>
                {m.at.slice(0, 10)}
              </time>{' '}
              {m.subject}
              {NOT_SENT[m.status] && <span class="muted small"> · {NOT_SENT[m.status]}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No emails sent to you yet.</p>
      )}
    </section>
  );
}

export function DashboardPage(props: ClientPageProps & { data: ClientDashboard }) {
  const d = props.data;
  return (
    <ClientLayout {...props} title="Dashboard" active="dashboard">
      <h1>Dashboard</h1>
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
