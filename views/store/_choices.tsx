import type { StorePackage } from '../../src/modules/store/load-store-package.ts';
import { PAGE_FIELDS, type StoreChoice } from '../../src/modules/store/rules/store-choice.ts';
import { Field, FormErrors, type Errors } from '../components/form.tsx';
import { RadioGroup } from '../components/radio-group.tsx';
import { OptionGroupControl } from './_option-control.tsx';
import { choiceText, chosenTerm, priceExtras } from './price-text.ts';
import { t } from '../../src/i18n/locale.ts';
import { AddonChoices } from './_addons.tsx';
import type { AddonGroupOffer } from '../../src/modules/store/list-package-addons.ts';
import type { AddonChoice } from '../../src/modules/store/rules/addon-choice.ts';

// The package page's controls: pricing option, one option per variant group, quantity. The
// quote route sends it back out of band with the summary, so option prices follow the chosen
// pricing option and each refusal sits under its field.

export function OrderChoices(props: {
  page: StorePackage;
  choice: StoreChoice;
  errors: Errors;
  oob?: boolean;
  addons?: AddonGroupOffer[];
  addonChoice?: AddonChoice;
}) {
  const { page, choice, errors } = props;
  const groupField = (id: number) => `options-${id}`;
  return (
    <div id="choices" class="stack" hx-swap-oob={props.oob ? 'true' : undefined}>
      {/* NOTE: without a quantity box, a quantity refusal (a per-user limit) shows up here. */}
      <FormErrors
        errors={errors}
        known={[
          'priceName',
          'couponCode',
          ...(page.allowQuantity ? ['quantity'] : []),
          ...page.groups.map((g) => groupField(g.id)),
          ...Object.keys(errors).filter((k) => k.startsWith('addon-')),
        ]}
      />
      <RadioGroup
        name="priceName"
        field="priceName"
        legend={t('store:choices.billing')}
        checked={choice.priceName}
        error={errors.priceName}
        radios={page.prices.map((p, i) => ({
          id: `price-${i}`,
          value: p.name,
          label: choiceText(p.name, p, page.currency),
          extra: priceExtras(p, page.currency),
        }))}
      />
      {page.groups.map((g) => (
        <OptionGroupControl
          group={g}
          values={choice}
          names={PAGE_FIELDS}
          field={groupField(g.id)}
          error={errors[groupField(g.id)]}
          label={g.name}
          priceName={choice.priceName}
          currency={page.currency}
          term={chosenTerm(page.prices, choice.priceName)}
        />
      ))}
      {page.allowQuantity && (
        <Field
          name="quantity"
          label={t('store:choices.quantity')}
          type="number"
          min={1}
          max={100}
          value={choice.quantityText}
          error={errors.quantity}
          inputmode="numeric"
          class="quantity"
          hint={page.left === null ? t('store:choices.eachUnit') : t('store:choices.eachUnitLeft', { count: page.left })}
        />
      )}
      {props.addons && props.addonChoice && (
        <AddonChoices packageName={page.name} addons={props.addons} choice={props.addonChoice} errors={errors} currency={page.currency} />
      )}
    </div>
  );
}
