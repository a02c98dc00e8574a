import type { ClientDetail } from '../../../src/modules/clients/load-client.ts';
import type { PackageChoice } from '../../../src/modules/catalog/list-package-choices.ts';
import type { StaffServicePreview } from '../../../src/modules/store/staff-service-form.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { ExpectedTotal } from '../../components/expected-total.tsx';
import { Checkbox, Csrf, Field, Notice, Select, type Errors } from '../../components/form.tsx';
import { money } from '../../components/money.ts';
import { fromDecimalString, sum, toDecimalString } from '../../../src/modules/shared/money.ts';
import { RadioGroup } from '../../components/radio-group.tsx';
import { OrderChoices } from '../../store/_choices.tsx';
import { OrderSummary } from '../../store/_summary.tsx';

// Staff add a package to a client (DOMAIN.md "Staff-added services"): the package, then the
// store's choices for it in the client's currency, and what only staff decide.

const STARTS = [
  { value: 'invoice', label: 'Invoice now', extra: 'the ordinary order: the client pays the invoice, then the service is set up' },
  {
    value: 'activate',
    label: 'Activate now, without an invoice',
    extra: 'set up at once; the first renewal is on the date below, the days before it are not billed',
  },
  {
    value: 'existing',
    label: 'Record an existing account',
    extra: 'already on a server: active at once with the details below, nothing is sent to the plugin',
  },
];

const STATUS_NOTE: Record<string, string> = {
  inactive: 'This package is inactive: clients can no longer order it. Staff still may.',
  hidden: 'This package is hidden from the store; clients reach it only by its link.',
  restricted: 'This package is restricted: staff may add it whatever the client’s allow-list says.',
};

function PackagePicker(props: { client: ClientDetail; packages: PackageChoice[]; packageId: number | null; error?: string }) {
  const base = `/admin/clients/${props.client.id}/services/new`;
  const options = props.packages.map(
    (p) => [String(p.id), `${p.catalogName} › ${p.name}${p.status === 'visible' ? '' : ` (${p.status})`}`] as const,
  );
  return (
    <form method="get" action={base} class="heading" hx-get={base} hx-trigger="change" hx-target="body" hx-push-url="true">
      <Select
        name="packageId"
        label="Package"
        value={props.packageId ?? ''}
        blank="Choose a package"
        options={options}
        error={props.error}
      />
      <button type="submit">Choose</button>
    </form>
  );
}

/** The errors the store's choice controls show (theirs, and any without a field); staff's own sit by their fields. */
function choiceErrors(errors: Errors): Errors {
  return Object.fromEntries(
    Object.entries(errors).filter(
      ([k]) => !['customPrice', 'start', 'nextDueDate', 'overrideLimits', 'pluginData'].includes(k) && !k.startsWith('pluginData.'),
    ),
  );
}

/** What the service costs: the first invoice ("invoice now"), or when it first renews and for how much. */
export function StaffSummary(props: { preview: StaffServicePreview; oob?: boolean }) {
  const p = props.preview;
  const v = p.values;
  const q = p.quote;
  if (v.start === 'invoice' || !q) {
    const message = Object.keys(p.errors).length ? 'Fix the choices marked above to see the price.' : undefined;
    return <OrderSummary quote={q} order={p.order} currency={p.page.currency} message={message} />;
  }
  const m = (a: string) => money(a, p.page.currency.code, p.page.currency.minorUnits);
  const renewal = toDecimalString(sum((p.order?.lines ?? []).map((l) => fromDecimalString(l.quote.renewalAmount ?? '0'))));
  return (
    <section id="summary" class="summary" aria-labelledby="summary-title" aria-live="polite">
      <h3 id="summary-title">Price summary</h3>
      <p>
        <strong>No invoice now.</strong> {v.start === 'existing' ? 'The account is recorded active' : 'The service is set up'} today
        {q.firstRenewalDate ? (
          <>
            ; the days up to {v.nextDueDate || 'the first renewal'} are not billed, and it renews then for {m(renewal)} before tax
            {p.order && p.order.lines.length > 1 ? ' (with its add-ons)' : ''}.
          </>
        ) : (
          '; its price does not renew.'
        )}
      </p>
    </section>
  );
}

/** The quote route's htmx answer: the summary, with the choices and the expected total out of band. */
export function StaffQuoteFragment(props: { preview: StaffServicePreview }) {
  const p = props.preview;
  return (
    <>
      <StaffSummary preview={p} />
      <OrderChoices page={p.page} choice={p.choice} errors={choiceErrors(p.errors)} addons={p.addons} addonChoice={p.addonChoice} oob />
      <ExpectedTotal total={p.quote?.total ?? null} oob />
    </>
  );
}

function StaffFields(props: { preview: StaffServicePreview; errors: Errors }) {
  const { values: v, accountFields, page } = props.preview;
  const e = props.errors;
  return (
    <>
      <Field
        name="customPrice"
        label={`Custom price (${page.currency.code}, per unit)`}
        value={v.customPrice}
        error={e.customPrice}
        inputmode="decimal"
        hint="Leave empty for the package’s price. It replaces the price on this service and every renewal; a package change drops it."
      />
      <RadioGroup
        name="start"
        field="start"
        legend="How it starts"
        checked={v.start}
        error={e.start}
        radios={STARTS.map((s) => ({ id: `start-${s.value}`, ...s }))}
      />
      <Field
        name="nextDueDate"
        label="First renewal on"
        type="date"
        value={v.nextDueDate}
        error={e.nextDueDate}
        hint="For “activate now” and “existing account”: the date it is next invoiced for."
      />
      <fieldset class="choice-group">
        <legend>Existing account’s details</legend>
        {accountFields.length ? (
          accountFields.map((f) => (
            <Field
              name={`pluginData[${f.name}]`}
              id={`f-pluginData-${f.name.replace(/\W/g, '-')}`}
              label={f.description}
              value={v.pluginData[f.name] ?? ''}
              placeholder={f.sample}
              error={e[`pluginData.${f.name}`]}
            />
          ))
        ) : (
          <p class="muted small">This package’s plugin keeps no account details.</p>
        )}
        {e.pluginData && (
          <p class="error" role="alert">
            {e.pluginData}
          </p>
        )}
      </fieldset>
      <Checkbox
        name="overrideLimits"
        label="Override stock and per-user limits"
        checked={v.overrideLimits}
        error={e.overrideLimits}
        hint="Recorded on the order with your name."
      />
    </>
  );
}

export function AddServicePage(
  props: PageProps & { client: ClientDetail; packages: PackageChoice[]; preview: StaffServicePreview | null; packageError?: string },
) {
  const c = props.client;
  const p = props.preview;
  const action = `/admin/clients/${c.id}/services`;
  return (
    <AdminLayout {...props} title={`Add a service for ${c.name}`} active="clients">
      <p class="crumbs">
        <a href="/admin/clients">Clients</a> / <a href={`/admin/clients/${c.id}`}>{c.name}</a> /
      </p>
      <h1>Add a service for {c.name}</h1>
      <section class="card">
        <PackagePicker client={c} packages={props.packages} packageId={p?.page.id ?? null} error={props.packageError} />
      </section>
      {p && (
        <section class="card">
          <h2>{p.page.name}</h2>
          {STATUS_NOTE[p.page.status] && (
            <Notice kind={p.page.status === 'inactive' ? 'warn' : 'info'}>{STATUS_NOTE[p.page.status]}</Notice>
          )}
          {p.page.left !== null && <p class="muted small">{p.page.left} left in stock.</p>}
          {!p.page.prices.length ? (
            <Notice kind="warn">
              This package has no price in {p.page.currency.code}, the client’s currency; add one on its Pricing tab first.
            </Notice>
          ) : (
            <form
              id="order-form"
              method="post"
              action={action}
              hx-post={`${action}/quote`}
              hx-trigger="change"
              hx-target="#summary"
              hx-swap="outerHTML"
              class="stack"
            >
              <Csrf token={props.csrfToken ?? null} />
              <input type="hidden" name="packageId" value={String(p.page.id)} />
              <OrderChoices page={p.page} choice={p.choice} errors={choiceErrors(p.errors)} addons={p.addons} addonChoice={p.addonChoice} />
              <StaffFields preview={p} errors={p.errors} />
              <StaffSummary preview={p} />
              <ExpectedTotal total={p.quote?.total ?? null} />
              <noscript>
                <button type="submit" formaction={`${action}/quote`}>
                  Update price
                </button>
              </noscript>
              <div class="row-actions">
                <button type="submit" class="primary" id="add-service">
                  Add the service
                </button>
                <a href={`/admin/clients/${c.id}`}>Cancel</a>
              </div>
            </form>
          )}
        </section>
      )}
    </AdminLayout>
  );
}
