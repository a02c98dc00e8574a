import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { packageOptionGroupsInput } from './catalog.schemas.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * The shared option groups a package uses, in this order (DOMAIN.md "Configurable options"). A
 * group it stops using stays for the packages that still do; this package's own prices for that
 * group's options go with it.
 */
export async function setPackageOptionGroups(em: EntityManager, packageId: number, raw: unknown): Promise<void> {
  const { groupIds } = parseInput(packageOptionGroupsInput, raw);
  const ids = [...new Set(groupIds)];
  await em.transactional(async (tx) => {
    const q = db(tx);
    // The package row is locked, so two editors saving at once apply one after the other.
    const pkg =
      Number.isSafeInteger(packageId) && packageId > 0
        ? await q.selectFrom('package').select('id').where('id', '=', packageId).forUpdate().executeTakeFirst()
        : undefined;
    if (!pkg) throw new NotFound('That package');
    const found = ids.length ? await q.selectFrom('variant_group').select('id').where('id', 'in', ids).execute() : [];
    if (found.length !== ids.length) throw new DomainError('Choose option groups that exist.', 'groupIds');
    const dropped = q.selectFrom('package_option_group').select('group_id').where('package_id', '=', packageId);
    await q
      .deleteFrom('package_option_price')
      .where('package_id', '=', packageId)
      .where('option_id', 'in', (eb) =>
        eb
          .selectFrom('variant_option')
          .select('id')
          .where('group_id', 'in', ids.length ? dropped.where('group_id', 'not in', ids) : dropped),
      )
      .execute();
    let gone = q.deleteFrom('package_option_group').where('package_id', '=', packageId);
    if (ids.length) gone = gone.where('group_id', 'not in', ids);
    await gone.execute();
    for (const [i, groupId] of ids.entries()) {
      await q
        .insertInto('package_option_group')
        .values({ package_id: packageId, group_id: groupId, position: i + 1 })
        .onConflict((oc) => oc.columns(['package_id', 'group_id']).doUpdateSet({ position: i + 1 }))
        .execute();
    }
  });
}
