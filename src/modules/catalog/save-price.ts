import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Package, PackagePrice } from './catalog.entities.ts';
import { priceInput } from './catalog.schemas.ts';
import { duplicateNameProblem, priceProblems } from './rules/price.ts';
import type { Period, PriceType } from './rules/constants.ts';
import { assertKnownCurrency } from '../settings/assert-known-currency.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';

const DUPLICATE = (name: string, currency: string) =>
  new DomainError(`This package already has a price named "${name}" in ${currency}.`, 'name');

/**
 * Adds a price (priceId undefined) or edits one. `raw` may be partial when editing.
 * NOTE: renaming a price (or changing its currency) renames the variant prices keyed by the old
 * name in the same transaction, so variants never silently stop matching (the Billmora trap).
 */
export async function savePrice(em: EntityManager, packageId: number, priceId: number | undefined, raw: Record<string, unknown>) {
  try {
    return await em.transactional(async (tx) => {
      // The package row lock serialises edits of one package's prices.
      const pkg = await tx.findOne(Package, { id: packageId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!pkg) throw new NotFound('That package');
      const siblings = await tx.find(PackagePrice, { package: packageId }, { orderBy: { position: 'asc' } });
      const existing = priceId === undefined ? undefined : siblings.find((p) => p.id === priceId);
      if (priceId !== undefined && !existing) throw new NotFound('That price');
      const input = parseInput(priceInput, existing ? { ...priceFields(existing), ...raw } : raw);
      const problems = priceProblems(input);
      const dup = duplicateNameProblem({ ...input, id: priceId }, siblings);
      if (dup) problems.name = dup;
      if (Object.keys(problems).length) throw DomainError.fromFields(problems);
      await assertKnownCurrency(tx, input.currency);
      if (input.type !== 'recurring') Object.assign(input, { intervalCount: null, period: null, renewalPrice: null });

      if (!existing) {
        const position = Math.max(0, ...siblings.map((p) => p.position)) + 1;
        return tx.create(PackagePrice, { ...input, package: pkg, position });
      }
      if (existing.name !== input.name || existing.currency !== input.currency) {
        // NOTE: option groups may be shared: the prices of groups only this package uses follow
        // the rename; a group other packages use keeps its names (renaming them would reprice those
        // packages), so its options lack the new name and the package's page flags them.
        await db(tx)
          .updateTable('variant_option_price as vop')
          .from('variant_option as vo')
          .innerJoin('package_option_group as pg', 'pg.group_id', 'vo.group_id')
          .set({ price_name: input.name, currency: input.currency })
          .whereRef('vop.option_id', '=', 'vo.id')
          .where('pg.package_id', '=', packageId)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('package_option_group as other')
                  .select('other.id')
                  .whereRef('other.group_id', '=', 'vo.group_id')
                  .where('other.package_id', '<>', packageId),
              ),
            ),
          )
          .where('vop.price_name', '=', existing.name)
          .where('vop.currency', '=', existing.currency)
          .execute();
        await db(tx)
          .updateTable('package_option_price')
          .set({ price_name: input.name, currency: input.currency })
          .where('package_id', '=', packageId)
          .where('price_name', '=', existing.name)
          .where('currency', '=', existing.currency)
          .execute();
      }
      tx.assign(existing, input);
      return existing;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const name = typeof raw.name === 'string' ? raw.name : '';
      throw String(err.message).includes('option_price')
        ? new DomainError('Some option prices already use the new name; remove those first.', 'name')
        : DUPLICATE(name, typeof raw.currency === 'string' ? raw.currency : '');
    }
    throw err;
  }
}

export function priceFields(p: {
  name: string;
  type: PriceType;
  intervalCount?: number | null;
  period?: Period | null;
  currency: string;
  price: string;
  renewalPrice?: string | null;
  setupFee: string;
  cancellationFee: string;
  cancelAtEndOfTerm: boolean;
  enabled: boolean;
}) {
  return {
    name: p.name,
    type: p.type,
    intervalCount: p.intervalCount ?? null,
    period: p.period ?? null,
    currency: p.currency,
    price: p.price,
    renewalPrice: p.renewalPrice ?? null,
    setupFee: p.setupFee,
    cancellationFee: p.cancellationFee,
    cancelAtEndOfTerm: p.cancelAtEndOfTerm,
    enabled: p.enabled,
  };
}
