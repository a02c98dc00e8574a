import { RadioGroup } from '../../components/radio-group.tsx';
import { HistoryCard } from '../audit/history-card.tsx';
import type { Child } from 'hono/jsx';
import type { ClientDetail } from '../../../src/modules/clients/load-client.ts';
import type { ClientInvoiceRow } from '../../../src/modules/clients/list-client-invoices.ts';
import type { ClientOrderRow } from '../../../src/modules/clients/list-client-orders.ts';
import type { ClientServiceRow } from '../../../src/modules/clients/list-client-services.ts';
import type { ProfileChoices } from '../../../src/modules/clients/list-profile-choices.ts';
import type { ClientMessageRow } from '../../../src/modules/mail/list-client-messages.ts';
import type { CreditEntryRow } from '../../../src/modules/clients/list-credit-entries.ts';
import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import { countryName } from '../../../src/modules/settings/rules/countries.ts';
import { formatMoney, fromDecimalString } from '../../../src/modules/shared/money.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, type Errors } from '../../components/form.tsx';
import { ProfileFields, PROFILE_FIELDS } from '../../client/profile-fields.tsx';
import { InvoicesTable, OrdersTable, ServicesTable } from '../../client/tables.tsx';
import { ClientMessagesCard } from '../messages/card.tsx';

export interface ClientPageData {
  client: ClientDetail;
  services: ClientServiceRow[];
  invoices: ClientInvoiceRow[];
  orders: ClientOrderRow[];
  restricted: { id: number; name: string; slug: string }[];
  choices: ProfileChoices;
  /** The latest emails to the client. */
  messages: ClientMessageRow[];
  /** The latest moves of the credit balance. */
  credit: CreditEntryRow[];
  canWrite: boolean;
  /** The calendar date (UTC), for the overdue mark. */
  today: string;
}

/** Where the credit came from and went: each move of the balance with its reason, newest first. */
function CreditHistory(props: { rows: CreditEntryRow[] }) {
  if (!props.rows.length) return <p class="muted small">No credit has been added or spent yet.</p>;
  return (
    <details class="credit-history">
      <summary>Credit history (latest {props.rows.length})</summary>
      <table class="table compact">
        <caption class="sr-only">Moves of the credit balance, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col" class="num">
              Amount
            </th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((e) => (
            <tr>
              <td class="nowrap">{e.at.replace('T', ' ').slice(0, 16)}</td>
              <td class="num nowrap">{formatMoney(fromDecimalString(e.amount), e.currency, 2).trim()}</td>
              <td>
                {e.reason}
                {e.invoiceId !== null && (
                  <div class="muted small">
                    <a href={`/admin/invoices/${e.invoiceId}`}>Invoice {invoiceNumber({ id: e.invoiceId, number: e.invoiceNumber })}</a>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Facts(props: { rows: [string, Child][] }) {
  return (
    <table class="table compact">
      <tbody>
        {props.rows.map(([label, value]) => (
          <tr>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Staff add credit (a refund, a goodwill gesture), spent on the client's next invoices, or take
 * some back (added by mistake), up to the balance.
 */
function AddCredit(props: { client: ClientDetail; csrfToken: string | null; values?: Record<string, unknown>; errors?: Errors }) {
  const v = props.values ?? {};
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  const direction = v.direction === 'remove' ? 'remove' : 'add';
  return (
    <form method="post" action={`/admin/clients/${props.client.id}/credit`} class="stack" id="add-credit">
      <Csrf token={props.csrfToken} />
      <FormErrors errors={props.errors} known={['amount', 'reason', 'direction']} />
      <RadioGroup
        name="direction"
        field="direction"
        legend="Credit"
        radios={[
          { id: 'credit-add', value: 'add', label: 'Add to the balance' },
          { id: 'credit-remove', value: 'remove', label: 'Take back from the balance' },
        ]}
        checked={direction}
        error={props.errors?.direction}
      />
      <Field
        name="amount"
        label={`Amount${props.client.currency ? ` (${props.client.currency})` : ''}`}
        value={str(v.amount)}
        error={props.errors?.amount}
        inputmode="decimal"
        placeholder="10.00"
        hint="Renewal invoices are paid from it first; the client can pay any other invoice with it too. At most the balance can be taken back."
      />
      <Field
        name="reason"
        label="Reason"
        value={str(v.reason)}
        error={props.errors?.reason}
        placeholder="Refund for the outage on 3 March"
      />
      <div>
        <button type="submit">Save credit</button>
      </div>
    </form>
  );
}

/** The allow-list: every restricted package as a checkbox; saving replaces the list. */
export function AllowList(props: {
  client: ClientDetail;
  restricted: ClientPageData['restricted'];
  canWrite: boolean;
  csrfToken: string | null;
  errors?: Errors;
  /** The ticks sent with a refused save, shown again instead of the stored ones. */
  sent?: number[];
  saved?: boolean;
}) {
  const allowed = new Set(props.sent ?? props.client.allowedPackageIds);
  const action = `/admin/clients/${props.client.id}/allowed-packages`;
  return (
    <form id="allow-list" method="post" action={action} hx-post={action} hx-target="#allow-list" hx-swap="outerHTML">
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="packageIds[]" value="" />
      <FormErrors errors={props.errors} />
      {props.saved && (
        <p class="notice ok" role="status">
          Allow-list saved.
        </p>
      )}
      {props.restricted.length === 0 ? (
        <p class="muted">No package is restricted. Set a package's status to restricted to offer it to chosen clients only.</p>
      ) : (
        <ul class="checklist">
          {props.restricted.map((p) => (
            <li>
              <input
                type="checkbox"
                id={`allow-${p.id}`}
                name="packageIds[]"
                value={String(p.id)}
                checked={allowed.has(p.id)}
                disabled={!props.canWrite}
              />{' '}
              <label for={`allow-${p.id}`} title={p.slug}>
                {p.name}
              </label>
            </li>
          ))}
        </ul>
      )}
      {props.canWrite && props.restricted.length > 0 && (
        <button type="submit" class="primary">
          Save allow-list
        </button>
      )}
    </form>
  );
}

export function ClientPage(
  props: PageProps &
    ClientPageData & {
      values?: Record<string, unknown>;
      errors?: Errors;
      allowErrors?: Errors;
      allowSent?: number[];
      creditValues?: Record<string, unknown>;
      creditErrors?: Errors;
    },
) {
  const c = props.client;
  const token = props.csrfToken ?? null;
  return (
    <AdminLayout {...props} title={c.name} active="clients">
      <p class="crumbs">
        <a href="/admin/clients">Clients</a> /
      </p>
      <h1>
        {c.name} {!c.hasPassword && <span class="badge muted">password not set</span>}
      </h1>
      <div class="split">
        <section class="card">
          <h2>Profile</h2>
          {props.canWrite ? (
            <form method="post" action={`/admin/clients/${c.id}`} class="stack">
              <Csrf token={token} />
              <FormErrors errors={props.errors} known={PROFILE_FIELDS} />
              <ProfileFields staff values={props.values ?? c} errors={props.errors} choices={props.choices} />
              <div>
                <button type="submit" class="primary">
                  Save profile
                </button>
              </div>
            </form>
          ) : (
            <Facts
              rows={[
                ['Email', c.email],
                ['Country', countryName(c.country) || '—'],
                ['Currency', c.currency ?? '—'],
                ['Language', c.language ?? '—'],
              ]}
            />
          )}
        </section>
        <section class="card">
          <h2>Account</h2>
          <Facts
            rows={[
              ['Credit balance', <strong>{formatMoney(fromDecimalString(c.creditBalance), c.currency ?? '', 2).trim()}</strong>],
              ['Client since', c.createdAt.slice(0, 10)],
              ['Password', c.hasPassword ? 'Set' : 'Not set yet: a set-password email was sent.'],
            ]}
          />
          <CreditHistory rows={props.credit} />
          {props.canWrite && <AddCredit client={c} csrfToken={token} values={props.creditValues} errors={props.creditErrors} />}
          <h2>Restricted packages allowed</h2>
          <AllowList
            client={c}
            restricted={props.restricted}
            canWrite={props.canWrite}
            csrfToken={token}
            errors={props.allowErrors}
            sent={props.allowSent}
          />
        </section>
      </div>
      <div class="heading">
        <h2>Services</h2>
        {props.canWrite && (
          <a class="button" href={`/admin/clients/${c.id}/services/new`}>
            Add a service
          </a>
        )}
      </div>
      <ServicesTable rows={props.services} empty="No services." link="/admin/services/" />
      <div class="heading">
        <h2>Invoices</h2>
        {props.canWrite && (
          <a class="button" href={`/admin/clients/${c.id}/invoices/new`}>
            New invoice
          </a>
        )}
      </div>
      <InvoicesTable rows={props.invoices} empty="No invoices." link="/admin/invoices/" today={props.today} />
      <h2>Orders</h2>
      <OrdersTable rows={props.orders} empty="No orders." invoiceLink="/admin/invoices/" orderLink="/admin/orders/" />
      <ClientMessagesCard clientId={c.id} messages={props.messages} />
      <HistoryCard objectType="client" objectId={c.id} />
    </AdminLayout>
  );
}
