import type { EntityManager } from '@mikro-orm/postgresql';
import { countHeld, heldUnits } from '../inventory/count-held.ts';
import { statement } from '../../db/statement.ts';
import { DomainError } from '../shared/errors.ts';
import { forLine, type QuotedLine } from '../orders/quote-lines.ts';
import { stockProblem } from '../orders/rules/availability.ts';

/**
 * Refuses an order for more units than are left before taking any lock. In a sale most buyers
 * come after the last unit has gone, and each would otherwise queue on the package lock behind
 * every checkout under way, only to hear "Sold out.".
 * NOTE: read without locks, from committed rows. Units held only fall by expiry, cancellation or
 * termination, so a refusal here is what the locked check would have answered at this moment. A
 * pass decides nothing: checkAvailability counts again under the locks, and only that count
 * lets an order through. Same message and field as the locked check.
 */
export async function refuseSoldOut(em: EntityManager, lines: readonly QuotedLine[], now: Date, single: boolean): Promise<void> {
  const units = new Map<number, { line: QuotedLine; units: number }>();
  for (const l of lines) {
    if (l.pkg.stock === -1) continue;
    const seen = units.get(l.pkg.id);
    units.set(l.pkg.id, { line: seen?.line ?? l, units: (seen?.units ?? 0) + l.quantity });
  }
  for (const [packageId, { line, units: wanted }] of units) {
    const problem = stockProblem(line.pkg.stock, await countHeld(em, packageId, now), wanted);
    if (problem) throw forLine(new DomainError(single ? problem : `${line.pkg.name}: ${problem}`, 'quantity'), line.index, single);
  }
}

/** A one-line order's package as checkout first reads it: its stock and the units held. */
export interface StockRead {
  stock: number;
  held: number;
}

/**
 * For a one-line order, the first thing checkout reads: the package's stock and the units held,
 * in one statement (null for a package not found; the quote then says so). In a sale, a buyer
 * after the last unit then costs this one read, not the client, the quote and the price, before
 * hearing "Sold out." (refuseFromStock with no units yet); once quoted, the same read refuses an
 * order for more than is left, without reading again.
 * NOTE: one-line orders only: a cart's refusal names the package in the client's language, which
 * only the quote knows. A pass decides nothing, as with refuseSoldOut.
 */
export async function readStock(em: EntityManager, packageId: number, now: Date): Promise<StockRead | null> {
  const [row] = await stockStatement.rows(em, { packageId, now });
  return row ?? null;
}

const stockStatement = statement((q, v: { packageId: number; now: Date }) =>
  q
    .selectFrom('package')
    .select(['stock', heldUnits(q, v.packageId, v.now).as('held')])
    .where('id', '=', v.packageId),
);

/**
 * Refuses from a readStock: with `units` null (before the quote, whose own refusals such as "one
 * at a time" come first) only when nothing is left; with the quoted units, when they are more
 * than is left. Same message and field as the locked check.
 */
export function refuseFromStock(read: StockRead | null, units: number | null): void {
  if (!read || read.stock === -1) return;
  if (units === null && read.stock - read.held > 0) return;
  const problem = stockProblem(read.stock, read.held, units ?? 1);
  if (problem) throw new DomainError(problem, 'quantity');
}
