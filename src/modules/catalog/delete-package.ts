import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { countAll, db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

export class PackageInUse extends Conflict {
  constructor(readonly services: number) {
    super(
      `This package is used by ${services} service${services === 1 ? '' : 's'} and cannot be deleted. ` +
        'Set it inactive instead: it stops being orderable and existing services keep running.',
    );
  }
}

/**
 * NOTE: the service.package_id foreign key is ON DELETE RESTRICT and the check runs under a
 * share lock on the package row, so a service created mid-delete cannot be orphaned.
 */
export async function deletePackage(em: EntityManager, id: number) {
  await em.transactional(async (tx) => {
    const q = db(tx);
    const pkg = await q.selectFrom('package').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!pkg) throw new NotFound('That package');
    const { services } = await q
      .selectFrom('service')
      .select(countAll().as('services'))
      .where('package_id', '=', id)
      .executeTakeFirstOrThrow();
    if (services > 0) throw new PackageInUse(services);
    await tx.nativeDelete(Package, { id });
  });
}
