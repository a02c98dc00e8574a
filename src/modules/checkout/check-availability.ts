import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { statement } from '../../db/statement.ts';
import { countHeld } from '../inventory/count-held.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { forLine, type QuotedLine } from '../orders/quote-lines.ts';
import { limitProblem, orderableProblem, stockProblem } from '../orders/rules/availability.ts';

/** The packages of an order, locked in id order; one statement whatever their number, built once. */
const lockPackages = statement((q, v: { ids: number[] }) =>
  q
    .selectFrom('package')
    .select(['id', 'name', 'status', 'stock', 'per_user_limit'])
    .where(sql<boolean>`id = any(${v.ids}::int[])`)
    .orderBy('id')
    .forUpdate(),
);

/** How staff adding a package for a client differ from a client ordering it (DOMAIN.md "Staff-added services"). */
export interface StaffOrder {
  /** Who placed it ("staff:owner@example.com"), recorded on the order. */
  placedBy: string;
  /** Staff ticked "override stock and limits": still reserved and counted, never refused. */
  overrideLimits: boolean;
}

/**
 * Status, allow-list, per-user limit and stock of every package, under the package locks (taken
 * in id order), with each package's units summed over the lines that order it. A refusal names
 * the line, and refuses the whole order.
 * NOTE (staff): staff may add a package in any status and off the allow-list; stock and limits
 * hold for them too unless they tick the override.
 */
export async function checkAvailability(
  tx: EntityManager,
  clientId: number,
  lines: readonly QuotedLine[],
  now: Date,
  single: boolean,
  staff?: StaffOrder,
) {
  const q = db(tx);
  const ids = [...new Set(lines.map((l) => l.pkg.id))].sort((a, b) => a - b);
  const rows = await lockPackages.rows(tx, { ids });
  const allowedIds =
    !staff && rows.some((r) => r.status === 'restricted')
      ? new Set(
          (
            await q
              .selectFrom('client_allowed_package')
              .select('package_id')
              .where('client_id', '=', clientId)
              .where('package_id', 'in', ids)
              .execute()
          ).map((r) => r.package_id),
        )
      : new Set<number>();
  for (const row of rows) {
    const mine = lines.filter((l) => l.pkg.id === row.id);
    const first = mine[0]!.index;
    const units = mine.reduce((n, l) => n + l.quantity, 0);
    const refuse = (message: string, field: string) => {
      throw forLine(new DomainError(single ? message : `${row.name}: ${message}`, field), first, single);
    };
    // The status and limits as they are now, under the lock (staff may have just changed them).
    const problem = orderableProblem(row.status, row.status !== 'restricted' || allowedIds.has(row.id));
    if (problem && !staff) refuse(problem, 'packageId');
    if (staff?.overrideLimits) continue;
    const limit = limitProblem(row.per_user_limit, row.per_user_limit === -1 ? 0 : await countHeld(tx, row.id, now, clientId), units);
    if (limit) refuse(limit, 'quantity');
    const stock = stockProblem(row.stock, row.stock === -1 ? 0 : await countHeld(tx, row.id, now), units);
    if (stock) refuse(stock, 'quantity');
  }
  if (rows.length !== ids.length) throw new NotFound('That package');
}
