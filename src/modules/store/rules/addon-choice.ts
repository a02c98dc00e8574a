// Reads a package page's add-on choices: which add-ons are ticked (`addons[]`), and for each its
// pricing option (`addon-price-<id>`), quantity (`addon-quantity-<id>`, per unit of the package)
// and one option per variant group (`addon-options-<id>[<groupId>]`). Only prices of the term
// of the package's chosen price are offered: an add-on renews with the package. Pure.

import { stockProblem } from '../../orders/rules/availability.ts';
import type { StoreChoice } from './store-choice.ts';
import { optionInputOf, readGroups, type FieldNames, type GroupShape, type GroupValues } from '../../orders/rules/option-fields.ts';

export interface AddonShape {
  id: number;
  name: string;
  allowQuantity: boolean;
  left: number | null;
  prices: readonly { name: string }[];
  groups: readonly GroupShape[];
}

export interface AddonPick {
  packageId: number;
  priceName: string;
  optionIds: number[];
  optionQuantities: Record<string, number>;
  optionTexts: Record<string, string>;
  /** Per unit of the package it is an add-on of. */
  quantity: number;
}

export interface AddonChoice {
  /** Per add-on: what the controls show (ticked or not). */
  chosen: Record<number, GroupValues & { selected: boolean; priceName: string; quantityText: string }>;
  picks: AddonPick[];
  errors: Record<string, string>;
}

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const addonField = {
  addon: (id: number) => `addon-${id}`,
  price: (id: number) => `addon-price-${id}`,
  quantity: (id: number) => `addon-quantity-${id}`,
  option: (id: number, groupId: number) => `addon-options-${id}-${groupId}`,
};

/** An add-on row's option fields: `addon-options-<id>[<groupId>]`, `addon-quantities-<id>[<groupId>]`, `addon-texts-<id>[<groupId>]`. */
export const addonGroupFields = (id: number): FieldNames => ({
  option: (groupId) => `addon-options-${id}[${groupId}]`,
  quantity: (groupId) => `addon-quantities-${id}[${groupId}]`,
  text: (groupId) => `addon-texts-${id}[${groupId}]`,
});

export function readAddonChoice(addons: readonly AddonShape[], form: Form): AddonChoice {
  const ticked = new Set(many(form.addons));
  const chosen: AddonChoice['chosen'] = {};
  const picks: AddonPick[] = [];
  const errors: Record<string, string> = {};
  for (const a of addons) {
    const selected = ticked.has(String(a.id));
    const sent = one(form[addonField.price(a.id)]);
    let priceName = a.prices[0]?.name ?? '';
    if (sent !== undefined && a.prices.some((p) => p.name === sent)) priceName = sent;
    else if (sent !== undefined && selected) errors[addonField.price(a.id)] = `Choose one of the pricing options shown for ${a.name}.`;
    // NOTE: an option left out takes its default (a choice's first option), as the row shows it.
    const { values, problems } = readGroups(a.groups, form, addonGroupFields(a.id), false);
    if (selected)
      for (const [groupId, message] of Object.entries(problems))
        errors[addonField.option(a.id, Number(groupId))] = `${message.replace(/\.$/, '')} for ${a.name}.`;
    let quantity = 1;
    let quantityText = '1';
    if (a.allowQuantity) {
      quantityText = (one(form[addonField.quantity(a.id)]) ?? '1').trim().slice(0, 12);
      if (/^\d{1,3}$/.test(quantityText) && Number(quantityText) >= 1 && Number(quantityText) <= 100) quantity = Number(quantityText);
      else if (selected) errors[addonField.quantity(a.id)] = 'Enter a quantity from 1 to 100.';
    }
    if (selected && a.left === 0) errors[addonField.addon(a.id)] = `${a.name} is sold out.`;
    chosen[a.id] = { selected, priceName, ...values, quantityText };
    if (selected) picks.push({ packageId: a.id, priceName, ...optionInputOf(values), quantity });
  }
  for (const id of ticked) if (!addons.some((a) => String(a.id) === id)) errors._ = 'Choose add-ons this package offers.';
  return { chosen, picks, errors };
}

/** Where an add-on's stock is said: by its quantity when it has one, else by its box. */
export function addonStockField(addons: readonly { id: number; allowQuantity: boolean }[], id: number): string {
  return addons.find((a) => a.id === id)?.allowQuantity ? addonField.quantity(id) : addonField.addon(id);
}

/**
 * Ticked add-ons wanting more units than are left (an add-on's quantity is per unit of the
 * package), said as the price is worked out, where checkout would say it: by the add-on's
 * quantity, or by the add-on itself when it has none. Sold out is readAddonChoice's to say.
 */
export function addonsPastStock(
  addons: readonly AddonShape[],
  picks: readonly AddonPick[],
  packageQuantity: number,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const pick of picks) {
    const a = addons.find((x) => x.id === pick.packageId);
    if (!a || a.left === null || a.left === 0) continue;
    const problem = stockProblem(a.left, 0, pick.quantity * packageQuantity);
    if (problem) errors[addonStockField([a], a.id)] = `${a.name}: ${problem}`;
  }
  return errors;
}

/**
 * Maps a refusal of the order's lines back to the page's fields: line 0 is the package (the
 * store's own fields), line k the k-th ticked add-on.
 */
export function pageFields(
  fields: Record<string, string>,
  picks: readonly AddonPick[],
  packageField: (key: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const m = /^lines\.(\d+)\.(.+)$/.exec(key);
    const line = m ? Number(m[1]) : 0;
    const field = m ? m[2]! : key;
    const pick = line > 0 ? picks[line - 1] : undefined;
    let target = packageField(field);
    if (pick) {
      const group = /^(?:group-|variants\.)(\d+)$/.exec(field);
      target =
        field === 'price' || field === 'priceName'
          ? addonField.price(pick.packageId)
          : field === 'quantity'
            ? addonField.quantity(pick.packageId)
            : group
              ? addonField.option(pick.packageId, Number(group[1]))
              : addonField.addon(pick.packageId);
    }
    out[target] ??= message.replace(/^Line \d+: /, '');
  }
  return out;
}

/** The package's chosen price, when it is one add-ons can renew with (a recurring one). */
export function addonTermOf<P extends { name: string; type: string; intervalCount: number | null; period: string | null }>(
  prices: readonly P[],
  choice: Pick<StoreChoice, 'priceName'>,
): P | null {
  const p = prices.find((x) => x.name === choice.priceName);
  return p && p.type === 'recurring' && p.intervalCount && p.period ? p : null;
}
