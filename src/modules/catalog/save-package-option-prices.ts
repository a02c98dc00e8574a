import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { assertKnownCurrency } from '../settings/assert-known-currency.ts';
import { packageOptionPricesInput } from './catalog.schemas.ts';
import { assertDistinctPrices } from './rules/variant-prices.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * A package's own prices for one option of a group it uses, replacing the group's prices of the
 * same name and currency for this package only; an empty list goes back to the group's.
 */
export async function savePackageOptionPrices(em: EntityManager, packageId: number, optionId: number, raw: unknown): Promise<void> {
  const { prices } = parseInput(packageOptionPricesInput, raw);
  assertDistinctPrices(prices);
  await em.transactional(async (tx) => {
    const q = db(tx);
    // The package's row is locked first, as setPackageOptionGroups locks it: a group it stops using
    // meanwhile is waited for and then found gone, rather than getting prices after its were removed.
    if (Number.isSafeInteger(packageId) && packageId > 0)
      await q.selectFrom('package').select('id').where('id', '=', packageId).forUpdate().execute();
    const option =
      Number.isSafeInteger(optionId) && optionId > 0
        ? await q
            .selectFrom('variant_option as o')
            .innerJoin('package_option_group as pg', 'pg.group_id', 'o.group_id')
            .select('o.id')
            .where('o.id', '=', optionId)
            .where('pg.package_id', '=', packageId)
            // Share-locked: an option removed meanwhile is waited for and found gone, not a foreign key refused.
            .forShare('o')
            .executeTakeFirst()
        : undefined;
    if (!option) throw new NotFound('That option');
    for (const c of new Set(prices.map((p) => p.currency))) await assertKnownCurrency(tx, c, 'prices');
    await q.deleteFrom('package_option_price').where('package_id', '=', packageId).where('option_id', '=', optionId).execute();
    if (prices.length) {
      await q
        .insertInto('package_option_price')
        .values(
          prices.map((p) => ({
            package_id: packageId,
            option_id: optionId,
            price_name: p.priceName,
            currency: p.currency,
            price: p.price,
            setup_fee: p.setupFee,
          })),
        )
        .execute();
    }
  });
}
