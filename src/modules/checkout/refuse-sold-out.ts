import type { EntityManager } from '@mikro-orm/postgresql';
import { countHeld } from '../inventory/count-held.ts';
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
