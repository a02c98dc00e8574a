// Reads the change-package form into a choice: the target package (`packageId`), its pricing
// option by name (`priceName`) and one option per variant group (`options[<groupId>]`). Pure:
// the targets come in. Error keys are the form's field names, so each sentence sits next to
// its control.
//
// NOTE: the form says which package its prices and options were drawn for (`shown`). When the
// client picks another package, the prices and options on screen belong to the old one, so the
// new package starts from its first price and first options instead of reporting them as wrong.

export interface ChangeChoiceShape {
  targets: readonly { id: number; prices: readonly { name: string }[]; groups: readonly { id: number; name: string; options: readonly { id: number }[] }[] }[];
}

export interface ChangeChoice {
  packageId: number | null;
  priceName: string;
  /** The chosen option id per group id (null when none could be read). */
  options: Record<string, number | null>;
}

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

export function readChangeChoice(shape: ChangeChoiceShape, form: Form, posted: boolean): { choice: ChangeChoice; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const sentPackage = one(form.packageId);
  let target = posted ? shape.targets.find((t) => String(t.id) === sentPackage) : shape.targets[0];
  if (!target && posted) {
    errors.packageId = 'Choose one of the packages shown.';
    target = undefined;
  }
  if (!target) return { choice: { packageId: null, priceName: '', options: {} }, errors };
  const fresh = !posted || one(form.shown) !== String(target.id);
  let priceName = target.prices[0]?.name ?? '';
  const sentPrice = one(form.priceName);
  if (!fresh) {
    if (target.prices.some((p) => p.name === sentPrice)) priceName = sentPrice!;
    else errors.priceName = 'Choose one of the pricing options shown.';
  }
  const options: Record<string, number | null> = {};
  for (const g of target.groups) {
    const raw = one(form[`options[${g.id}]`]);
    const picked = fresh ? g.options[0] : g.options.find((o) => String(o.id) === raw);
    options[g.id] = picked?.id ?? null;
    if (!picked) errors[`options-${g.id}`] = `Choose one ${g.name}.`;
  }
  return { choice: { packageId: target.id, priceName, options }, errors };
}

/** The chosen option ids, for the preview and the confirmation. */
export function chosenOptionIds(choice: ChangeChoice): number[] {
  return Object.values(choice.options).filter((id): id is number => id !== null);
}

/** Maps an action's error field (preview, confirmation) to the form's field. */
export function changeFormField(key: string): string {
  if (key === 'packageId') return 'packageId';
  if (key === 'priceName' || key === 'priceId') return 'priceName';
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
  const optionIds = Object.entries(form)
    .filter(([k]) => /^options\[\d+\]$/.test(k))
    .map(([, v]) => one(v))
    .filter((v): v is string => typeof v === 'string' && v !== '');
  return { packageId: one(form.packageId), priceName: one(form.priceName), optionIds, expectedNet: one(form.expectedNet), expectedTotal: one(form.expectedTotal), expectedCurrency: one(form.expectedCurrency), effectiveDate: one(form.effectiveDate) };
}
