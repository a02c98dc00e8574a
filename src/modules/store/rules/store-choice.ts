// Reads a package page's form into an order choice: the pricing option by name, one option per
// variant group (fields `options[<groupId>]`), and the quantity. Pure: the package comes in.
// Error keys are the page's field names, so each sentence sits next to its control.

export interface ChoiceShape {
  allowQuantity: boolean;
  prices: readonly { name: string }[];
  groups: readonly GroupShape[];
}

export interface StoreChoice extends GroupValues {
  priceName: string;
  quantity: number;
  /** What the quantity box shows back, as typed. */
  quantityText: string;
}

import { limitProblem, stockProblem } from '../../orders/rules/availability.ts';
import { optionInputOf, PAGE_FIELDS, readGroups, type GroupShape, type GroupValues } from '../../orders/rules/option-fields.ts';

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
  const { values, problems } = readGroups(shape.groups, form, PAGE_FIELDS, posted);
  for (const [id, message] of Object.entries(problems)) errors[`options-${id}`] = message;
  let quantity = 1;
  let quantityText = '1';
  if (shape.allowQuantity) {
    quantityText = (one(form.quantity) ?? '1').trim().slice(0, 12);
    if (/^\d{1,3}$/.test(quantityText) && Number(quantityText) >= 1 && Number(quantityText) <= 100) quantity = Number(quantityText);
    else errors.quantity = 'Enter a quantity from 1 to 100.';
  }
  return { choice: { priceName, ...values, quantity, quantityText }, errors };
}

export { PAGE_FIELDS };

/**
 * A quantity past the units left, said as the price is worked out (checkout says the same under its
 * locks, and is what counts). A sold-out page says so itself, with nothing to order.
 */
export function quantityPastStock(page: { allowQuantity: boolean; left: number | null }, quantity: number): string | null {
  if (!page.allowQuantity || page.left === null || page.left === 0) return null;
  return stockProblem(page.left, 0, quantity);
}

/**
 * A quantity past the per-client limit (with what the client holds already), said as the price is
 * worked out, as the stock is; checkout decides under its locks.
 */
export function quantityPastLimit(
  page: { allowQuantity: boolean; perClient: { limit: number; held: number } | null },
  quantity: number,
): string | null {
  if (!page.allowQuantity || !page.perClient) return null;
  return limitProblem(page.perClient.limit, page.perClient.held, quantity);
}

/** The chosen option ids, for the quote and checkout. */
export function chosenOptionIds(choice: StoreChoice): number[] {
  return optionInputOf(choice).optionIds;
}

/** The choice as an order line takes it: the pricing option, options (ids, quantities, texts) and quantity. */
export function choiceLine(packageId: number, choice: StoreChoice) {
  return { packageId, priceName: choice.priceName, ...optionInputOf(choice), quantity: choice.quantity };
}

/** Maps an action's error field (quote, checkout) to the store form's field. */
export function storeField(key: string): string {
  if (key === 'price' || key === 'priceName') return 'priceName';
  if (key === 'quantity') return 'quantity';
  if (key === 'couponCode') return 'couponCode';
  const group = /^(?:group-|variants\.)(\d+)$/.exec(key);
  return group ? `options-${group[1]}` : '_';
}

export function storeFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) out[storeField(key)] ??= message;
  return out;
}
