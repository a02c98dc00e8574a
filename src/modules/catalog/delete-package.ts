import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { sql } from 'kysely';
import { countAll, db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

export class PackageInUse extends Conflict {
  constructor(
    readonly services: number,
    readonly orders = 0,
  ) {
    super(
      services > 0
        ? `This package is used by ${services} service${services === 1 ? '' : 's'} and cannot be deleted. ` +
            'Set it inactive instead: it stops being orderable and existing services keep running.'
        : `This package is on ${orders} order${orders === 1 ? '' : 's'} and cannot be deleted: ${orders === 1 ? 'that order keeps' : 'those orders keep'} it. ` +
            'Set it inactive instead: it stops being orderable.',
    );
  }
}

/**
 * NOTE: the service.package_id and order_line.package_id foreign keys are ON DELETE RESTRICT (a
 * service, and an order even when unpaid or cancelled, keeps what was ordered), and the check runs
 * under a lock on the package row, so a service or order created mid-delete cannot be orphaned.
 */
export async function deletePackage(em: EntityManager, id: number) {
  await em.transactional(async (tx) => {
    const q = db(tx);
    const pkg = await q.selectFrom('package').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!pkg) throw new NotFound('That package');
    const uses = await q
      .selectNoFrom((eb) => [
        eb.selectFrom('service').select(countAll().as('n')).where('package_id', '=', id).as('services'),
        eb
          .selectFrom('order_line')
          .select(sql<number>`count(distinct order_id)::int`.as('n'))
          .where('package_id', '=', id)
          .as('orders'),
      ])
      .executeTakeFirstOrThrow();
    const services = uses.services ?? 0;
    const orders = uses.orders ?? 0;
    if (services > 0 || orders > 0) throw new PackageInUse(services, orders);
    await tx.nativeDelete(Package, { id });
  });
}
