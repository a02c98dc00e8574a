import type { EntityManager } from '@mikro-orm/postgresql';
import { HOLDING_STATUSES } from '../services/rules/constants.ts';

const holding = HOLDING_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Units held of a package: pending/active/suspended services plus live, unexpired
 * reservations; with `clientId`, only that client's (the per-user limit counts the same way).
 * NOTE: callers hold the package (and client) row locks, so the count cannot move under them.
 */
export async function countHeld(em: EntityManager, packageId: number, now: Date, clientId?: number): Promise<number> {
  const byClient = clientId === undefined ? '' : 'and client_id = ?';
  const params = clientId === undefined ? [packageId, packageId, now] : [packageId, clientId, packageId, clientId, now];
  const [row] = await em.getConnection().execute<{ held: number }[]>(
    `select (select count(*) from service where package_id = ? ${byClient} and status in (${holding}))::int
          + (select coalesce(sum(quantity), 0) from stock_reservation where package_id = ? ${byClient} and status = 'live' and expires_at > ?)::int as held`,
    params,
    'all',
    em.getTransactionContext(),
  );
  return row?.held ?? 0;
}
