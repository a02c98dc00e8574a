// How many units of each package a cart asks for: a line's quantity, times its package line's
// for an add-on (its quantity is per unit of the package it is an add-on of). Pure.

import { stockProblem } from '../../orders/rules/availability.ts';

export interface CartUnitLine {
  id: number;
  packageId: number;
  quantity: number;
  parentId: number | null;
}

/** Units per package id of `lines`. */
export function cartUnits(lines: readonly CartUnitLine[]): Map<number, number> {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const units = new Map<number, number>();
  for (const l of lines) {
    const per = l.parentId === null ? 1 : (byId.get(l.parentId)?.quantity ?? 1);
    units.set(l.packageId, (units.get(l.packageId) ?? 0) + l.quantity * per);
  }
  return units;
}

/** The packages a cart changed from `before` to `after` asks for more units of, with the units it now asks for. */
export function grownUnits(before: readonly CartUnitLine[], after: readonly CartUnitLine[]): Map<number, number> {
  const had = cartUnits(before);
  return new Map([...cartUnits(after)].filter(([id, n]) => n > (had.get(id) ?? 0)));
}

/**
 * Why a cart changed from `before` to `after` asks for more of a package than is left, or null.
 * Only packages the change adds units of are weighed: a cart already past what is left (units
 * sold since it was filled) may still be lowered or have other lines changed. What the cart's
 * other lines (not `changed`) hold of it is said, so "Only 3 left" is not read as room for three more.
 */
export function cartPastStock(
  before: readonly CartUnitLine[],
  after: readonly CartUnitLine[],
  changed: ReadonlySet<number>,
  stock: readonly { packageId: number; stock: number; held: number }[],
): { packageId: number; problem: string } | null {
  const grown = grownUnits(before, after);
  const others = cartUnits(after.filter((l) => !changed.has(l.id) && !(l.parentId !== null && changed.has(l.parentId))));
  for (const s of stock) {
    const want = grown.get(s.packageId);
    if (want === undefined) continue;
    const problem = stockProblem(s.stock, s.held, want);
    if (!problem) continue;
    const elsewhere = others.get(s.packageId) ?? 0;
    return {
      packageId: s.packageId,
      problem: elsewhere > 0 && problem !== 'Sold out.' ? `${problem} Your cart holds ${elsewhere} already.` : problem,
    };
  }
  return null;
}
