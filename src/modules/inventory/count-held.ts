import type { EntityManager } from '@mikro-orm/postgresql';
import { HOLDING_STATUSES } from '../shared/statuses.ts';

const holding = HOLDING_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Units held of a package: pending/active/suspended services, live unexpired reservations, and
 * package changes to it awaiting payment; with `clientId`, only that client's (the per-user
 * limit counts the same way).
 * NOTE: a change awaiting payment holds a unit of its target while its service still holds one
 * of its own package; once it applies the service itself counts in the target, so no unit is
 * ever counted twice.
 * NOTE: callers hold the package (and client) row locks, so the count cannot move under them.
 */
export async function countHeld(em: EntityManager, packageId: number, now: Date, clientId?: number): Promise<number> {
  const byClient = clientId === undefined ? '' : 'and client_id = ?';
  const changeByClient = clientId === undefined ? '' : 'and s.client_id = ?';
  const params = clientId === undefined ? [packageId, packageId, now, packageId] : [packageId, clientId, packageId, clientId, now, packageId, clientId];
  const [row] = await em.getConnection().execute<{ held: number }[]>(
    `select (select count(*) from service where package_id = ? ${byClient} and status in (${holding}))::int
          + (select coalesce(sum(quantity), 0) from stock_reservation where package_id = ? ${byClient} and status = 'live' and expires_at > ?)::int
          + (select count(*) from service_change sc join service s on s.id = sc.service_id
              where sc.to_package_id = ? ${changeByClient} and sc.status = 'awaiting_payment' and s.status in (${holding}))::int as held`,
    params,
    'all',
    em.getTransactionContext(),
  );
  return row?.held ?? 0;
}
