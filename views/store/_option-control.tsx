import type { StoreOption } from '../../src/modules/store/load-store-package.ts';
import type { OptionGroupAmounts } from '../../src/modules/pricing/rules/store-prices.ts';
import type { FieldNames, GroupValues } from '../../src/modules/orders/rules/option-fields.ts';
import { Field, Select } from '../components/form.tsx';
import { money } from '../components/money.ts';
import { RadioGroup } from '../components/radio-group.tsx';
import { t, tm } from '../../src/i18n/locale.ts';

// One configurable option group's control, whatever its type: a choice as radio buttons or a
// select, a yes/no as a checkbox, a quantity as a number box, a text as a text box. The package
// page and its add-on rows use it with their own field names and labels.

const isZero = (v: string) => /^0+(\.0+)?$/.test(v);
/** An option with no price for the pricing option chosen is not offered with it: shown, but not choosable. */
const offered = (o: StoreOption, priceName: string) => o.amounts.some((a) => a.priceName === priceName);

/**
 * An option's price with the chosen pricing option ("+ 10.00 USD / month", "included", "not
 * offered with Annual"); `each` per unit of a quantity; `term` the chosen price's, when it recurs
 * (the option is charged again each term; its setup fee once).
 */
export function optionPriceText(
  o: StoreOption,
  priceName: string,
  currency: { code: string; minorUnits: number },
  each = false,
  term?: string,
): string {
  const a = o.amounts.find((x) => x.priceName === priceName);
  if (!a) return t('store:option.notOffered', { price: priceName });
  const m = (v: string) => money(v, currency.code, currency.minorUnits);
  const key = `store:option.${each ? 'priceEach' : 'price'}${term ? 'Per' : ''}`;
  const parts = [isZero(a.price) ? t('store:option.included') : t(key, { amount: m(a.price), term })];
  if (!isZero(a.setupFee)) parts.push(t(each ? 'store:option.setupEach' : 'store:option.setup', { amount: m(a.setupFee) }));
  return parts.join(', ');
}

export function OptionGroupControl(props: {
  group: OptionGroupAmounts;
  values: GroupValues;
  names: FieldNames;
  /** The field key its refusal comes under, and the id its control takes. */
  field: string;
  error?: string;
  label: string;
  priceName: string;
  currency: { code: string; minorUnits: number };
  /** The chosen price's term when it recurs ("month"): option prices are per term. */
  term?: string;
}) {
  const { group: g, values, names, priceName, currency, term } = props;
  const first = g.options[0];
  const id = `f-${props.field}`;
  switch (g.type ?? 'choice') {
    case 'yesno':
      if (!first) return null;
      return (
        <div class={`field checkbox${props.error ? ' has-error' : ''}`}>
          <input
            type="checkbox"
            id={id}
            name={names.option(g.id)}
            value={String(first.id)}
            checked={values.options[g.id] === first.id}
            disabled={!offered(first, priceName)}
            aria-describedby={props.error ? `${id}-error` : undefined}
          />
          <label for={id}>
            {props.label} <span class="muted small">· {optionPriceText(first, priceName, currency, false, term)}</span>
          </label>
          {props.error && (
            <p class="error" id={`${id}-error`} role="alert">
              {tm(props.error)}
            </p>
          )}
        </div>
      );
    case 'quantity':
      if (!first) return null;
      return (
        <Field
          name={names.quantity(g.id)}
          id={id}
          label={`${props.label} (${first.name})`}
          type="number"
          min={g.minQuantity ?? 0}
          max={g.maxQuantity ?? 1}
          value={values.quantities[g.id] ?? String(g.minQuantity ?? 0)}
          error={props.error}
          inputmode="numeric"
          class="quantity"
          disabled={!offered(first, priceName)}
          hint={t('store:option.range', {
            min: g.minQuantity ?? 0,
            max: g.maxQuantity ?? 1,
            price: optionPriceText(first, priceName, currency, true, term),
          })}
        />
      );
    case 'text':
      return (
        <Field
          name={names.text(g.id)}
          id={id}
          label={props.label}
          value={values.texts[g.id] ?? ''}
          error={props.error}
          maxlength={200}
          hint={(g.minQuantity ?? 0) >= 1 ? t('store:option.required') : t('store:option.optional')}
        />
      );
    default: {
      const checked = String(values.options[g.id] ?? '');
      const label = (o: StoreOption) => `${o.name} (${optionPriceText(o, priceName, currency, false, term)})`;
      return g.display === 'select' || g.options.length > 5 ? (
        <Select
          name={names.option(g.id)}
          id={id}
          label={props.label}
          value={checked}
          error={props.error}
          options={g.options.map((o) => [String(o.id), label(o)] as const)}
        />
      ) : (
        <RadioGroup
          name={names.option(g.id)}
          field={props.field}
          legend={props.label}
          checked={checked}
          error={props.error}
          radios={g.options.map((o) => ({
            id: props.field.startsWith('options-') ? `option-${o.id}` : `${props.field}-option-${o.id}`,
            value: String(o.id),
            label: o.name,
            extra: optionPriceText(o, priceName, currency, false, term),
            disabled: !offered(o, priceName) && String(o.id) !== checked,
          }))}
        />
      );
    }
  }
}
