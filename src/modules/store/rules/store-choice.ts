// Reads a package page's form into an order choice: the pricing option by name, one option per
// variant group (fields `options[<groupId>]`), and the quantity. Pure: the package comes in.
// Error keys are the page's field names, so each sentence sits next to its control.

export interface ChoiceShape {
  allowQuantity: boolean;
  prices: readonly { name: string }[];
  groups: readonly { id: number; name: string; options: readonly { id: number }[] }[];
}

export interface StoreChoice {
  priceName: string;
  /** The chosen option id per group id (null when none could be read). */
  options: Record<string, number | null>;
  quantity: number;
  /** What the quantity box shows back, as typed. */
  quantityText: string;
}

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/**
 * `posted` is false for a first visit: absent fields take the first pricing option, the first
 * option of each group and quantity 1. A posted form must carry every group's choice.
 */
export function readChoice(shape: ChoiceShape, form: Form, posted: boolean): { choice: StoreChoice; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const sent = one(form.priceName);
  let priceName = shape.prices[0]?.name ?? '';
  if (sent !== undefined) {
    if (shape.prices.some((p) => p.name === sent)) priceName = sent;
    else errors.priceName = 'Choose one of the pricing options shown.';
  }
  const options: Record<string, number | null> = {};
  for (const g of shape.groups) {
    const raw = one(form[`options[${g.id}]`]);
    const picked = raw === undefined ? undefined : g.options.find((o) => String(o.id) === raw);
    if (picked) options[g.id] = picked.id;
    else if (raw === undefined && !posted) options[g.id] = g.options[0]?.id ?? null;
    else {
      options[g.id] = null;
      errors[`options-${g.id}`] = `Choose one ${g.name}.`;
    }
  }
  let quantity = 1;
  let quantityText = '1';
  if (shape.allowQuantity) {
    quantityText = (one(form.quantity) ?? '1').trim().slice(0, 12);
    if (/^\d{1,3}$/.test(quantityText) && Number(quantityText) >= 1 && Number(quantityText) <= 100) quantity = Number(quantityText);
    else errors.quantity = 'Enter a quantity from 1 to 100.';
  }
  return { choice: { priceName, options, quantity, quantityText }, errors };
}

/** The chosen option ids, for the quote and checkout. */
export function chosenOptionIds(choice: StoreChoice): number[] {
  return Object.values(choice.options).filter((id): id is number => id !== null);
}

/** Maps an action's error field (quote, checkout) to the store form's field. */
export function storeField(key: string): string {
  if (key === 'price' || key === 'priceName') return 'priceName';
  if (key === 'quantity') return 'quantity';
  const group = /^(?:group-|variants\.)(\d+)$/.exec(key);
  return group ? `options-${group[1]}` : '_';
}

export function storeFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) out[storeField(key)] ??= message;
  return out;
}
