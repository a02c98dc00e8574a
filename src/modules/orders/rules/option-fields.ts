// Reads one configurable option group's control from a posted form, whatever its type (DOMAIN.md
// "Configurable options"): a choice's radio or select (its option id), a yes/no's checkbox (its
// option id when ticked), a quantity's number box, a text's box. The package page and its add-on
// rows read their groups here, each with its own field names. Pure.

import type { OptionType } from '../../catalog/rules/constants.ts';

export interface GroupShape {
  id: number;
  name: string;
  type?: OptionType;
  minQuantity?: number;
  maxQuantity?: number;
  options: readonly { id: number }[];
}

/** What a page shows back and sends on, per group id. */
export interface GroupValues {
  /** A choice's option id, or a yes/no's when ticked (null: none). */
  options: Record<string, number | null>;
  /** A quantity box as typed. */
  quantities: Record<string, string>;
  /** A text box as typed. */
  texts: Record<string, string>;
}

export interface FieldNames {
  option: (groupId: number) => string;
  quantity: (groupId: number) => string;
  text: (groupId: number) => string;
}

/** A package's option fields on its order and change forms: `options[<groupId>]`, `optionQuantities[<groupId>]`, `optionTexts[<groupId>]`. */
export const PAGE_FIELDS: FieldNames = {
  option: (id) => `options[${id}]`,
  quantity: (id) => `optionQuantities[${id}]`,
  text: (id) => `optionTexts[${id}]`,
};

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/**
 * Every group's value, and a sentence per group that cannot be read (keyed by group id).
 * `posted` false (a first visit) takes each choice's first option, each quantity's minimum, no
 * yes and no text; a posted form must carry every choice.
 */
export function readGroups(
  groups: readonly GroupShape[],
  form: Form,
  names: FieldNames,
  posted: boolean,
): { values: GroupValues; problems: Record<number, string> } {
  const values: GroupValues = { options: {}, quantities: {}, texts: {} };
  const problems: Record<number, string> = {};
  for (const g of groups) {
    const type = g.type ?? 'choice';
    if (type === 'quantity') {
      const typed = (one(form[names.quantity(g.id)]) ?? String(g.minQuantity ?? 0)).trim().slice(0, 12);
      values.quantities[g.id] = typed;
      const n = Number(typed);
      if (!/^\d{1,5}$/.test(typed) || n < (g.minQuantity ?? 0) || n > (g.maxQuantity ?? 1))
        problems[g.id] = `${g.name}: enter a number from ${g.minQuantity ?? 0} to ${g.maxQuantity ?? 1}.`;
    } else if (type === 'text') {
      values.texts[g.id] = (one(form[names.text(g.id)]) ?? '').slice(0, 200);
    } else if (type === 'yesno') {
      const raw = one(form[names.option(g.id)]);
      values.options[g.id] = raw !== undefined && g.options[0] && String(g.options[0].id) === raw ? g.options[0].id : null;
    } else {
      const raw = one(form[names.option(g.id)]);
      const picked = raw === undefined ? undefined : g.options.find((o) => String(o.id) === raw);
      if (picked) values.options[g.id] = picked.id;
      else if (raw === undefined && !posted) values.options[g.id] = g.options[0]?.id ?? null;
      else {
        values.options[g.id] = null;
        problems[g.id] = `Choose one ${g.name}.`;
      }
    }
  }
  return { values, problems };
}

/** What an order line takes of the values: option ids, quantities and texts by group id. */
export function optionInputOf(values: GroupValues) {
  const optionQuantities = Object.fromEntries(
    Object.entries(values.quantities).flatMap(([k, v]) => (/^\d{1,5}$/.test(v.trim()) ? [[k, Number(v.trim())]] : [])),
  );
  const optionTexts = Object.fromEntries(Object.entries(values.texts).filter(([, v]) => v.trim() !== ''));
  return { optionIds: Object.values(values.options).filter((id): id is number => id !== null), optionQuantities, optionTexts };
}

/** The form fields of a set of values (what a confirmation carries on as hidden inputs). */
export function valueFields(
  values: {
    optionIds: readonly number[];
    optionQuantities?: Readonly<Record<string, number>>;
    optionTexts?: Readonly<Record<string, string>>;
  },
  groups: readonly { id: number; options: readonly { id: number }[] }[],
): [string, string][] {
  const out: [string, string][] = [];
  for (const g of groups) {
    const picked = g.options.find((o) => values.optionIds.includes(o.id));
    if (picked) out.push([PAGE_FIELDS.option(g.id), String(picked.id)]);
  }
  for (const [k, v] of Object.entries(values.optionQuantities ?? {})) out.push([PAGE_FIELDS.quantity(Number(k)), String(v)]);
  for (const [k, v] of Object.entries(values.optionTexts ?? {})) out.push([PAGE_FIELDS.text(Number(k)), v]);
  return out;
}

/** Reads the option fields a form posted (`options[...]`, `optionQuantities[...]`, `optionTexts[...]`) into an order's option input, unchecked. */
export function postedOptions(form: Form): {
  optionIds: string[];
  optionQuantities: Record<string, string>;
  optionTexts: Record<string, string>;
} {
  const optionIds: string[] = [];
  const optionQuantities: Record<string, string> = {};
  const optionTexts: Record<string, string> = {};
  for (const [k, raw] of Object.entries(form)) {
    const v = one(raw);
    if (typeof v !== 'string') continue;
    let m = /^options\[(\d{1,10})\]$/.exec(k);
    if (m && v !== '') optionIds.push(v);
    m = /^optionQuantities\[(\d{1,10})\]$/.exec(k);
    if (m && v.trim() !== '') optionQuantities[m[1]!] = v.trim();
    m = /^optionTexts\[(\d{1,10})\]$/.exec(k);
    if (m && v.trim() !== '') optionTexts[m[1]!] = v;
  }
  return { optionIds, optionQuantities, optionTexts };
}
