// Changing the options of an active service on its own package (DOMAIN.md "Configurable
// options"): only groups marked upgradable may change; every other group keeps what the
// service has. Pure.

export interface OptionSelection {
  optionIds: readonly number[];
  optionQuantities?: Readonly<Record<string, number>>;
  optionTexts?: Readonly<Record<string, string>>;
}

interface Group {
  id: number;
  type?: string;
  upgradable: boolean;
  options: readonly { id: number }[];
}

/** One group's part of a selection, comparable as a string. */
function part(g: Group, s: OptionSelection): { ids: number[]; quantity?: number; text?: string } {
  const own = new Set(g.options.map((o) => o.id));
  const ids = s.optionIds.filter((id) => own.has(id));
  if (g.type === 'quantity') return { ids: [], quantity: s.optionQuantities?.[String(g.id)] ?? 0 };
  if (g.type === 'text') return { ids: [], text: (s.optionTexts?.[String(g.id)] ?? '').trim() };
  return { ids };
}

/**
 * The selection the service takes: upgradable groups as `chosen`, the others as `current`; and
 * whether anything changed (nothing changed: there is nothing to preview).
 */
export function optionChange(
  groups: readonly Group[],
  current: OptionSelection,
  chosen: OptionSelection,
): { selection: Required<OptionSelection>; changed: boolean } {
  const optionIds: number[] = [];
  const optionQuantities: Record<string, number> = {};
  const optionTexts: Record<string, string> = {};
  let changed = false;
  for (const g of groups) {
    const before = part(g, current);
    const after = g.upgradable ? part(g, chosen) : before;
    if (JSON.stringify(before) !== JSON.stringify(after)) changed = true;
    optionIds.push(...after.ids);
    if (after.quantity !== undefined && after.quantity > 0) optionQuantities[g.id] = after.quantity;
    if (after.text) optionTexts[g.id] = after.text;
  }
  return { selection: { optionIds, optionQuantities, optionTexts }, changed };
}
