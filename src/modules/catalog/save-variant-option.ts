import type { EntityManager } from '@mikro-orm/postgresql';
import { VariantOption, VariantOptionPrice } from './catalog.entities.ts';
import { findAttachedGroup } from './save-variant-group.ts';
import { placeAfterLast } from './lock-list-end.ts';
import { assertDistinctPrices } from './rules/variant-prices.ts';
import { variantOptionInput, variantOptionPriceInput } from './catalog.schemas.ts';
import { assertKnownCurrency } from '../settings/assert-known-currency.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Adds an option (optionId undefined) or renames one, and sets its prices when `prices` is given.
 * Prices are keyed by package price name and currency; a blank amount removes that price.
 */
export async function saveVariantOption(
  em: EntityManager,
  packageId: number,
  groupId: number,
  optionId: number | undefined,
  raw: { name?: unknown; prices?: unknown },
) {
  const input = parseInput(variantOptionInput, raw);
  const rawPrices = raw.prices === undefined ? undefined : Array.isArray(raw.prices) ? raw.prices : null;
  if (rawPrices === null) throw new DomainError('Send prices as a list.', 'prices');
  const errors: Record<string, string> = {};
  const prices = (rawPrices ?? []).flatMap((p, i) => {
    const entry = p as Record<string, unknown>;
    if (entry && typeof entry === 'object' && (entry.price === '' || entry.price === null) && !entry.setupFee) return [];
    const parsed = variantOptionPriceInput.safeParse(p);
    if (parsed.success) return [parsed.data];
    for (const issue of parsed.error.issues) errors[`prices.${i}.${issue.path.join('.')}`] ??= issue.message;
    return [];
  });
  if (Object.keys(errors).length) throw DomainError.fromFields(errors);
  assertDistinctPrices(prices);

  return em.transactional(async (tx) => {
    // The group's row is locked: of two options added at once to a group allowing one, the second
    // sees the first; each added to a choice group gets a place of its own.
    const group = await findAttachedGroup(tx, packageId, groupId, true);
    for (const c of new Set(prices.map((p) => p.currency))) await assertKnownCurrency(tx, c, 'prices');
    let option;
    if (optionId === undefined) {
      const count = await tx.count(VariantOption, { group: groupId });
      if (group.type !== 'choice' && count >= 1)
        throw new DomainError('This group has its one option already: only a choice group has several.', 'name');
      option = tx.create(VariantOption, {
        group,
        name: input.name,
        position: await placeAfterLast(tx, 'variant_option', { column: 'group_id', id: groupId }),
      });
    } else {
      option = await tx.findOne(VariantOption, { id: optionId, group: groupId });
      if (!option) throw new NotFound('That variant option');
      option.name = input.name;
    }
    if (rawPrices !== undefined) {
      if (optionId !== undefined) await tx.nativeDelete(VariantOptionPrice, { option: optionId });
      for (const p of prices) tx.create(VariantOptionPrice, { option, ...p });
    }
    return option;
  });
}
