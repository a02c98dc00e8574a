import type { AddonGroupOffer } from '../../src/modules/store/list-package-addons.ts';
import { addonField, addonGroupFields, type AddonChoice } from '../../src/modules/store/rules/addon-choice.ts';
import { Field, Select, type Errors } from '../components/form.tsx';
import { choiceText, chosenTerm, priceText, withExtras } from './price-text.ts';
import { t, tm } from '../../src/i18n/locale.ts';
import { OptionGroupControl } from './_option-control.tsx';

// The add-ons offered with a package on its store page: one box per add-on, with its pricing
// option (only those of the package's chosen term), options and quantity per unit of the package.
// They sit inside the choices, so the quote route redraws them when the package's price changes.

export function AddonChoices(props: {
  packageName: string;
  addons: AddonGroupOffer[];
  choice: AddonChoice;
  errors: Errors;
  currency: { code: string; minorUnits: number };
}) {
  if (!props.addons.length) return null;
  return (
    <div class="addons stack">
      {props.addons.map((g) => (
        <fieldset class="choice-group addon-group">
          <legend>{g.name}</legend>
          {g.packages.map((p) => {
            const c = props.choice.chosen[p.id] ?? {
              selected: false,
              priceName: p.prices[0]?.name ?? '',
              options: {},
              quantities: {},
              texts: {},
              quantityText: '1',
            };
            const price = p.prices.find((x) => x.name === c.priceName) ?? p.prices[0]!;
            const error = props.errors[addonField.addon(p.id)];
            return (
              <div class={`addon${c.selected ? ' selected' : ''}`}>
                <div class="choice">
                  <input
                    type="checkbox"
                    id={addonField.addon(p.id)}
                    name="addons[]"
                    value={String(p.id)}
                    checked={c.selected}
                    disabled={p.left === 0 && !c.selected}
                    aria-invalid={error ? 'true' : undefined}
                  />
                  <label for={addonField.addon(p.id)}>
                    {p.name} {/* The setup fee and a different renewal price are said beside the box, before it is ticked. */}
                    <span class="muted small">· {withExtras(priceText(price, props.currency), price, props.currency)}</span>{' '}
                    {p.left === 0 && <span class="badge muted">{t('store:stock.soldOutLower')}</span>}
                  </label>
                </div>
                {error && (
                  <p class="error" role="alert">
                    {tm(error)}
                  </p>
                )}
                {c.selected && (
                  <div class="addon-details row">
                    {p.prices.length > 1 ? (
                      <Select
                        name={addonField.price(p.id)}
                        label={t('store:addons.billing', { name: p.name })}
                        value={c.priceName}
                        options={p.prices.map((x) => [x.name, choiceText(x.name, x, props.currency)] as const)}
                        error={props.errors[addonField.price(p.id)]}
                      />
                    ) : (
                      <input type="hidden" name={addonField.price(p.id)} value={price.name} />
                    )}
                    {p.groups.map((og) => (
                      <OptionGroupControl
                        group={og}
                        values={c}
                        names={addonGroupFields(p.id)}
                        field={addonField.option(p.id, og.id)}
                        error={props.errors[addonField.option(p.id, og.id)]}
                        label={`${p.name}: ${og.name}`}
                        priceName={c.priceName}
                        currency={props.currency}
                        term={chosenTerm(p.prices, c.priceName)}
                      />
                    ))}
                    {p.allowQuantity && (
                      <Field
                        name={addonField.quantity(p.id)}
                        label={t('store:addons.quantityPer', { name: p.name, package: props.packageName })}
                        type="number"
                        min={1}
                        max={100}
                        value={c.quantityText}
                        error={props.errors[addonField.quantity(p.id)]}
                        inputmode="numeric"
                        class="quantity"
                      />
                    )}
                  </div>
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
      <p class="hint">{t('store:addons.renewWithPackage')}</p>
    </div>
  );
}
