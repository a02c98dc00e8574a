import type { PackageChoice } from '../../../src/modules/catalog/list-package-choices.ts';
import { Checklist } from '../../components/checklist.tsx';
import { Checkbox, Csrf, Field, FormErrors, Select, type Errors } from '../../components/form.tsx';

/** The form's values as typed (or as stored, for editing). */
export interface CouponValues {
  code?: string;
  kind?: string;
  percent?: string;
  amounts?: Record<string, string>;
  duration?: string;
  cycles?: string;
  packageIds?: number[];
  startsOn?: string;
  endsOn?: string;
  maxUses?: string;
  maxUsesPerClient?: string;
  forOrders?: boolean;
  forChanges?: boolean;
  active?: boolean;
}

export interface CouponFormChoices {
  packages: PackageChoice[];
  currencies: string[];
  /** Each currency's decimals, so an amount off reads as money ("500 JPY", "5.00 USD"). */
  minorUnits: Record<string, number>;
}

const KNOWN = [
  'code',
  'kind',
  'percent',
  'amounts',
  'duration',
  'cycles',
  'packageIds',
  'startsOn',
  'endsOn',
  'maxUses',
  'maxUsesPerClient',
  'forOrders',
  'forChanges',
  'active',
];

/** Create and edit share it; each refusal sits under its field. */
export function CouponForm(
  props: Pick<CouponFormChoices, 'packages' | 'currencies'> & {
    csrfToken: string | null;
    action: string;
    values?: CouponValues;
    errors?: Errors;
    submit: string;
  },
) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const known = [...KNOWN, ...props.currencies.map((c) => `amounts.${c}`)];
  return (
    <form method="post" action={props.action} class="stack coupon-form" novalidate>
      <Csrf token={props.csrfToken} />
      <FormErrors errors={e} known={known} />
      <Field
        name="code"
        label="Code"
        value={v.code}
        error={e.code}
        required
        maxlength={40}
        autocomplete="off"
        hint="Letters, digits, - and _; clients may type it in any case."
      />
      <Select
        name="kind"
        label="Discount"
        value={v.kind ?? 'percent'}
        error={e.kind}
        options={[
          ['percent', 'A percentage off'],
          ['fixed', 'A fixed amount off, per currency'],
        ]}
      />
      <Field
        name="percent"
        label="Percent off"
        value={v.percent}
        error={e.percent}
        inputmode="decimal"
        hint="For a percentage: above 0 and up to 100, e.g. 15.5."
      />
      <fieldset aria-describedby={e.amounts ? 'f-amounts-error' : undefined}>
        <legend>Amount off, per currency</legend>
        <p class="hint">
          For a fixed amount. An order in a currency left blank gets no discount. A fixed amount never takes an item below zero.
        </p>
        {props.currencies.map((c) => (
          <Field
            name={`amounts[${c}]`}
            id={`f-amounts-${c}`}
            label={c}
            value={v.amounts?.[c]}
            error={e[`amounts.${c}`]}
            inputmode="decimal"
          />
        ))}
        {e.amounts && (
          <p class="error" id="f-amounts-error" role="alert">
            {e.amounts}
          </p>
        )}
      </fieldset>
      <Select
        name="duration"
        label="Applies to"
        value={v.duration ?? 'once'}
        error={e.duration}
        options={[
          ['once', 'The first invoice only'],
          ['cycles', 'A number of billing cycles'],
          ['forever', 'Every invoice, forever'],
        ]}
      />
      <Field
        name="cycles"
        label="Billing cycles"
        type="number"
        min={1}
        max={1000}
        value={v.cycles}
        error={e.cycles}
        hint="For a number of cycles: the first invoice counts as cycle 1."
      />
      <Checklist
        name="packageIds"
        legend="Packages"
        hint="None ticked: every package."
        items={props.packages.map((p) => ({ id: p.id, label: p.name, note: p.catalogName, status: p.status }))}
        chosen={v.packageIds ?? []}
        idPrefix="coupon-package"
        empty={<>There are no packages yet.</>}
        error={e.packageIds}
      />
      <div class="row">
        <Field name="startsOn" label="Valid from" type="date" value={v.startsOn} error={e.startsOn} hint="Blank: from now." />
        <Field
          name="endsOn"
          label="Valid until"
          type="date"
          value={v.endsOn}
          error={e.endsOn}
          hint="The last day it can be entered; blank: no end."
        />
      </div>
      <div class="row">
        <Field name="maxUses" label="Uses in all" type="number" min={1} value={v.maxUses} error={e.maxUses} hint="Blank: unlimited." />
        <Field
          name="maxUsesPerClient"
          label="Uses per client"
          type="number"
          min={1}
          value={v.maxUsesPerClient}
          error={e.maxUsesPerClient}
          hint="Blank: unlimited."
        />
      </div>
      <Checkbox name="forOrders" label="Can be entered on new orders" checked={v.forOrders ?? true} error={e.forOrders} />
      <Checkbox name="forChanges" label="Can be entered on package changes" checked={v.forChanges ?? false} error={e.forChanges} />
      <Checkbox
        name="active"
        label="Active"
        checked={v.active ?? true}
        error={e.active}
        hint="An inactive code cannot be entered; services renewing with it keep their discount."
      />
      <div>
        <button type="submit" class="primary">
          {props.submit}
        </button>
      </div>
    </form>
  );
}
