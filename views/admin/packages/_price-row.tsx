import type { PriceDetail } from '../../../src/modules/catalog/serialize-package.ts';
import { PERIODS, PRICE_TYPES } from '../../../src/modules/catalog/rules/constants.ts';
import { termLabel } from '../../../src/modules/catalog/rules/price.ts';
import { tidyAmount } from '../../../src/modules/shared/money.ts';
import { Checkbox, isTicked, Csrf, Field, Select, type Errors } from '../../components/form.tsx';
import { formText } from '../../components/form-text.ts';

type Values = Partial<Record<keyof PriceDetail, unknown>>;
const str = formText;
const on = isTicked;
const PRICE_FIELDS = [
  'name',
  'type',
  'intervalCount',
  'period',
  'currency',
  'price',
  'renewalPrice',
  'setupFee',
  'cancellationFee',
  'cancelAtEndOfTerm',
  'enabled',
];

/**
 * One pricing option as a form of its own. Saved with htmx it swaps the whole price list
 * (warnings depend on the other rows); without JavaScript it posts and the page reloads.
 */
export function PriceRow(props: {
  packageId: number;
  price?: PriceDetail;
  values?: Values;
  errors?: Errors;
  csrfToken: string | null;
  currencies: string[];
  canWrite: boolean;
}) {
  const p = props.price;
  const v: Values = props.values ??
    p ?? { type: 'recurring', intervalCount: 1, period: 'month', currency: props.currencies[0], enabled: true };
  const e = props.errors ?? {};
  const prefix = p ? `p${p.id}` : 'pnew';
  const action = p ? `/admin/packages/${props.packageId}/prices/${p.id}` : `/admin/packages/${props.packageId}/prices`;
  const loose = Object.entries(e).filter(([k]) => !PRICE_FIELDS.includes(k));
  return (
    <div class={`price-row${p && !p.enabled ? ' disabled' : ''}${p ? '' : ' new'}`} id={`price-${p ? p.id : 'new'}`}>
      <form method="post" action={action} hx-post={action} hx-target="#price-list" hx-swap="outerHTML" class="price-form">
        <Csrf token={props.csrfToken} />
        <div class="price-head">
          <strong>{p ? `${p.name} · ${termLabel(p)} · ${p.currency}` : 'Add a price'}</strong>
          {p && !p.enabled && <span class="badge muted">disabled</span>}
        </div>
        {loose.map(([, msg]) => (
          <p class="error" role="alert">
            {msg}
          </p>
        ))}
        <fieldset class="grid-price" disabled={!props.canWrite}>
          <legend class="sr-only">{p ? `Price ${p.name}` : 'New price'}</legend>
          <Field name="name" prefix={prefix} label="Name" value={str(v.name)} error={e.name} maxlength={60} placeholder="Monthly" />
          <Select
            name="type"
            prefix={prefix}
            label="Type"
            value={str(v.type)}
            error={e.type}
            options={PRICE_TYPES.map((t) => [t, t] as const)}
          />
          <Field
            name="intervalCount"
            prefix={prefix}
            label="Every"
            type="number"
            min={1}
            max={120}
            value={str(v.intervalCount)}
            error={e.intervalCount}
          />
          <Select
            name="period"
            prefix={prefix}
            label="Period"
            value={str(v.period)}
            error={e.period}
            blank="—"
            options={PERIODS.map((x) => [x, x] as const)}
          />
          <Select
            name="currency"
            prefix={prefix}
            label="Currency"
            value={str(v.currency)}
            error={e.currency}
            options={props.currencies.map((c) => [c, c] as const)}
          />
          <Field
            name="price"
            prefix={prefix}
            label="Price"
            value={tidyAmount(v.price)}
            error={e.price}
            inputmode="decimal"
            placeholder="0.00"
          />
          <Field
            name="renewalPrice"
            prefix={prefix}
            label="Renewal price"
            value={tidyAmount(v.renewalPrice)}
            error={e.renewalPrice}
            inputmode="decimal"
            placeholder="same"
          />
          <Field
            name="setupFee"
            prefix={prefix}
            label="Setup fee"
            value={tidyAmount(v.setupFee)}
            error={e.setupFee}
            inputmode="decimal"
            placeholder="0.00"
          />
          <Field
            name="cancellationFee"
            prefix={prefix}
            label="Cancellation fee"
            value={tidyAmount(v.cancellationFee)}
            error={e.cancellationFee}
            inputmode="decimal"
            placeholder="0.00"
          />
          <Checkbox name="cancelAtEndOfTerm" prefix={prefix} label="Cancel at end of term" checked={on(v.cancelAtEndOfTerm)} />
          <Checkbox name="enabled" prefix={prefix} label="Enabled" checked={v.enabled === undefined ? true : on(v.enabled)} />
        </fieldset>
        {props.canWrite && (
          <div class="price-actions">
            <button type="submit" class={p ? '' : 'primary'}>
              {p ? 'Save' : 'Add price'}
            </button>
          </div>
        )}
      </form>
      {p && props.canWrite && (
        <div class="price-actions secondary">
          <form
            method="post"
            action={`${action}/toggle`}
            hx-post={`${action}/toggle`}
            hx-target="#price-list"
            hx-swap="outerHTML"
            class="inline"
          >
            <Csrf token={props.csrfToken} />
            <button type="submit" class="small">
              {p.enabled ? 'Disable' : 'Enable'}
            </button>
          </form>
          <form
            method="post"
            action={`${action}/delete`}
            hx-post={`${action}/delete`}
            hx-target="#price-list"
            hx-swap="outerHTML"
            hx-confirm={`Remove the price "${p.name}" (${p.currency})?`}
            class="inline"
          >
            <Csrf token={props.csrfToken} />
            <button type="submit" class="small danger">
              Remove
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
