import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { Term } from '../pricing/rules/billing-cycle.ts';
import { Conflict } from '../shared/errors.ts';

/**
 * A package change keeps a service's add-ons when they can go on renewing with it: the target
 * package offers each of them, and the new price has the service's term (an add-on co-terms).
 * Otherwise the change is refused, saying which add-ons to cancel first.
 * NOTE: ending the others at the change with their unused days credited, in the same preview,
 * is the fuller rule (DOMAIN.md "Add-ons"); until then no add-on is left renewing on a term or a
 * package it no longer fits.
 */
export async function checkAddonsFollow(em: EntityManager, serviceId: number, target: { packageId: number; packageName: string; term: Term | null }, oldTerm: Term | null) {
  const addons = await db(em)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select(['s.id', 's.package_id', 'p.name'])
    .where('s.parent_id', '=', serviceId)
    .where('s.status', 'in', ['pending', 'active', 'suspended'])
    .orderBy('s.id')
    .execute();
  if (!addons.length) return;
  const sameTerm = !!target.term && !!oldTerm && target.term.intervalCount === oldTerm.intervalCount && target.term.period === oldTerm.period;
  if (!sameTerm) throw new Conflict('This service has add-ons, which renew with it: choose a price of the same term, or cancel its add-ons first.', 'priceName');
  const offered = new Set(
    (
      await db(em)
        .selectFrom('package_addon_group as o')
        .innerJoin('addon_group_package as m', 'm.addon_group_id', 'o.addon_group_id')
        .select('m.package_id')
        .where('o.package_id', '=', target.packageId)
        .execute()
    ).map((r) => r.package_id),
  );
  const left = addons.filter((a) => !offered.has(a.package_id));
  if (left.length) {
    throw new Conflict(`${target.packageName} does not offer ${left.map((a) => `${a.name} #${a.id}`).join(', ')}: cancel ${left.length === 1 ? 'that add-on' : 'those add-ons'} first, or choose another package.`, 'packageId');
  }
}
