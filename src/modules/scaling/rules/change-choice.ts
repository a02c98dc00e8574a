// Reads the change-package form into a choice: the target package (`packageId`), its pricing
// option by name (`priceName`) and one option per variant group (`options[<groupId>]`). Pure:
// the targets come in. Error keys are the form's field names, so each sentence sits next to
// its control.
//
// NOTE: the form says which package its prices and options were drawn for (`shown`). When the
// client picks another package, the prices and options on screen belong to the old one, so the
// new package starts from its first price and first options instead of reporting them as wrong.

export interface ChangeChoiceShape {
  /** `defaults`: what a target starts from (the service's own options, for a change of options); else each group's default. */
  targets: readonly { id: number; prices: readonly { name: string }[]; groups: readonly GroupShape[]; defaults?: GroupValues }[];
}

export interface ChangeChoice extends GroupValues {
  packageId: number | null;
  priceName: string;
}

import {
  optionInputOf,
  PAGE_FIELDS,
  postedOptions,
  readGroups,
  type GroupShape,
  type GroupValues,
} from '../../orders/rules/option-fields.ts';

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

export function readChangeChoice(
  shape: ChangeChoiceShape,
  form: Form,
  posted: boolean,
): { choice: ChangeChoice; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const sentPackage = one(form.packageId);
  let target = posted ? shape.targets.find((t) => String(t.id) === sentPackage) : shape.targets[0];
  if (!target && posted) {
    errors.packageId = 'Choose one of the packages shown.';
    target = undefined;
  }
  if (!target) return { choice: { packageId: null, priceName: '', options: {}, quantities: {}, texts: {} }, errors };
  const fresh = !posted || one(form.shown) !== String(target.id);
  let priceName = target.prices[0]?.name ?? '';
  const sentPrice = one(form.priceName);
  if (!fresh) {
    if (target.prices.some((p) => p.name === sentPrice)) priceName = sentPrice!;
    else errors.priceName = 'Choose one of the pricing options shown.';
  }
  if (fresh && target.defaults) return { choice: { packageId: target.id, priceName, ...target.defaults }, errors };
  const { values, problems } = readGroups(target.groups, fresh ? {} : form, PAGE_FIELDS, false);
  for (const [id, message] of Object.entries(problems)) errors[`options-${id}`] = message;
  // A posted choice group with nothing picked is a refusal, not a default.
  if (!fresh)
    for (const g of target.groups)
      if ((g.type ?? 'choice') === 'choice' && one(form[PAGE_FIELDS.option(g.id)]) === undefined)
        errors[`options-${g.id}`] = `Choose one ${g.name}.`;
  return { choice: { packageId: target.id, priceName, ...values }, errors };
}

/** The chosen options (ids, quantities, texts), for the preview and the confirmation. */
export function chosenOptions(choice: ChangeChoice) {
  return optionInputOf(choice);
}

/** Maps an action's error field (preview, confirmation) to the form's field. */
export function changeFormField(key: string): string {
  if (key === 'packageId') return 'packageId';
  if (key === 'priceName' || key === 'priceId') return 'priceName';
  if (key === 'couponCode') return 'couponCode';
  const group = /^optionIds\.(\d+)$/.exec(key);
  return group ? `options-${group[1]}` : '_';
}

export function changeFormErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) out[changeFormField(key)] ??= message;
  return out;
}

/** The confirmation form's fields as the confirmation action takes them. */
export function confirmInputFromForm(form: Form): Record<string, unknown> {
  return {
    packageId: one(form.packageId),
    priceName: one(form.priceName),
    ...postedOptions(form),
    couponCode: one(form.couponCode),
    expectedNet: one(form.expectedNet),
    expectedTotal: one(form.expectedTotal),
    expectedCurrency: one(form.expectedCurrency),
    effectiveDate: one(form.effectiveDate),
    expectedChoice: one(form.expectedChoice),
  };
}
