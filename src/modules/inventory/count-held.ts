import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Expression, type Kysely } from 'kysely';
import { countAll, type Database } from '../../db/database.ts';
import { statement } from '../../db/statement.ts';
import { HOLDING_STATUSES } from '../shared/statuses.ts';

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
  // NOTE: one statement, three counts, built once: it runs under the package lock on every checkout.
  const [row] =
    clientId === undefined ? await heldStatement.rows(em, { packageId, now }) : await heldByClient.rows(em, { packageId, now, clientId });
  return row?.held ?? 0;
}

const heldStatement = statement((q, v: { packageId: number; now: Date }) => q.selectNoFrom(heldUnits(q, v.packageId, v.now).as('held')));
const heldByClient = statement((q, v: { packageId: number; now: Date; clientId: number }) =>
  q.selectNoFrom(heldUnits(q, v.packageId, v.now, v.clientId).as('held')),
);

/**
 * The count of countHeld as one SQL expression, to read beside other columns in one statement;
 * `packageId` a value, or a column of the outer query (one count per package row).
 */
export function heldUnits(q: Kysely<Database>, packageId: number | Expression<number>, now: Date, clientId?: number) {
  let services = q
    .selectFrom('service')
    .select(countAll().as('n'))
    .where('package_id', '=', packageId)
    .where('status', 'in', HOLDING_STATUSES);
  let reservations = q
    .selectFrom('stock_reservation')
    .select(sql<number>`coalesce(sum(quantity), 0)::int`.as('n'))
    .where('package_id', '=', packageId)
    .where('status', '=', 'live')
    .where('expires_at', '>', now);
  let changes = q
    .selectFrom('service_change as sc')
    .innerJoin('service as s', 's.id', 'sc.service_id')
    .select(countAll().as('n'))
    .where('sc.to_package_id', '=', packageId)
    .where('sc.status', '=', 'awaiting_payment')
    .where('s.status', 'in', HOLDING_STATUSES);
  if (clientId !== undefined) {
    services = services.where('client_id', '=', clientId);
    reservations = reservations.where('client_id', '=', clientId);
    changes = changes.where('s.client_id', '=', clientId);
  }
  return sql<number>`(${services}) + (${reservations}) + (${changes})`;
}
