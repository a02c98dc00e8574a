import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { heldUnits } from '../inventory/count-held.ts';
import { statement } from '../../db/statement.ts';
import { DomainError } from '../shared/errors.ts';
import { forLine } from '../orders/quote-lines.ts';
import { stockProblem } from '../orders/rules/availability.ts';

/** A limited package of an order as checkout first reads it: its name, its stock and the units held. */
export interface StockRead {
  name: string;
  stock: number;
  held: number;
}

/** The stock read of each limited package of an order, by package id (unlimited and unknown packages are absent). */
export type StockReads = ReadonlyMap<number, StockRead>;

/**
 * The first thing checkout reads: the stock and the units held of every limited package the
 * order names, in one statement. An order for more units than are left is then refused before
 * any lock is taken. In a sale most buyers come after the last unit has gone, and each would
 * otherwise read the client, quote every line and queue on the package lock behind every
 * checkout under way, only to hear "Sold out." (refuseFromStock with no units yet); once quoted,
 * the same read refuses an order for more than is left, without reading again.
 * NOTE: read without locks, from committed rows. Units held only fall by expiry, cancellation or
 * termination, so a refusal here is what the locked check would have answered at this moment. A
 * pass decides nothing: checkAvailability counts again under the locks, and only that count lets
 * an order through.
 */
export async function readStocks(em: EntityManager, packageIds: readonly number[], now: Date): Promise<StockReads> {
  const rows = await stockStatement.rows(em, { ids: [...new Set(packageIds)], now });
  return new Map(rows.map((r) => [r.id, { name: r.name, stock: r.stock, held: r.held }]));
}

const stockStatement = statement((q, v: { ids: number[]; now: Date }) =>
  q
    .selectFrom('package as p')
    .select(['p.id', 'p.name', 'p.stock', heldUnits(q, sql.ref<number>('p.id'), v.now).as('held')])
    .where(sql<boolean>`p.id = any(${v.ids}::int[])`)
    .where('p.stock', '<>', -1),
);

/** A line as refuseFromStock weighs it: its package, its place in the order, and its units once quoted. */
export interface StockLine {
  packageId: number;
  index: number;
  /** null before the quote (the units of an add-on of a line are known only then). */
  quantity: number | null;
}

/**
 * Refuses from readStocks: with the units not yet known (before the quote, whose own refusals
 * such as "one at a time" come first) only a line whose package has nothing left; with the
 * quoted units, a package ordered for more than is left, its units summed over its lines. The
 * same message and field as the locked check (checkAvailability), under the first line of that
 * package.
 */
export function refuseFromStock(reads: StockReads, lines: readonly StockLine[], single: boolean): void {
  const units = new Map<number, { index: number; units: number }>();
  for (const l of lines) {
    const seen = units.get(l.packageId);
    units.set(l.packageId, { index: seen?.index ?? l.index, units: (seen?.units ?? 0) + (l.quantity ?? 1) });
  }
  const known = lines.every((l) => l.quantity !== null);
  for (const [packageId, { index, units: wanted }] of units) {
    const read = reads.get(packageId);
    if (!read || (!known && read.stock - read.held > 0)) continue;
    const problem = stockProblem(read.stock, read.held, known ? wanted : 1);
    if (problem) throw forLine(new DomainError(single ? problem : `${read.name}: ${problem}`, 'quantity'), index, single);
  }
}

/** A quoted line as refuseFromStock weighs it: its package, its place and its units. */
export const quotedStockLine = (l: { pkg: { id: number }; index: number; quantity: number }): StockLine => ({
  packageId: l.pkg.id,
  index: l.index,
  quantity: l.quantity,
});
