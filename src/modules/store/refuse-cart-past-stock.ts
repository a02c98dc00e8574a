import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { readStocks } from '../checkout/refuse-sold-out.ts';
import { DomainError } from '../shared/errors.ts';
import { cartPastStock, grownUnits, type CartUnitLine } from './rules/cart-units.ts';

/** A cart's lines as its units are counted (cart-units.ts). */
export async function cartUnitLines(em: EntityManager, cartId: number): Promise<CartUnitLine[]> {
  const rows = await db(em)
    .selectFrom('cart_line')
    .select(['id', 'package_id', 'quantity', 'parent_id'])
    .where('cart_id', '=', cartId)
    .execute();
  return rows.map((r) => ({ id: r.id, packageId: r.package_id, quantity: r.quantity, parentId: r.parent_id }));
}

/**
 * Refuses a change of a cart (`before` to `after`, the lines `changed` new or changed; their
 * add-ons change with them) that asks for more of a package than is left now, under the field
 * `fieldOf` names (with the package's name when the field is not its own).
 * NOTE: the cart holds nothing: this only keeps a cart from promising what checkout would refuse.
 * Checkout counts again under its locks, and only that count lets an order through.
 */
export async function refuseCartPastStock(
  em: EntityManager,
  change: { before: readonly CartUnitLine[]; after: readonly CartUnitLine[]; changed: ReadonlySet<number> },
  now: Date,
  fieldOf: (packageId: number) => { field: string; named: boolean },
): Promise<void> {
  const grown = grownUnits(change.before, change.after);
  if (!grown.size) return;
  const reads = await readStocks(em, [...grown.keys()], now);
  const past = cartPastStock(
    change.before,
    change.after,
    change.changed,
    [...reads].map(([packageId, r]) => ({ packageId, ...r })),
  );
  if (!past) return;
  const { field, named } = fieldOf(past.packageId);
  throw new DomainError(named ? `${reads.get(past.packageId)!.name}: ${past.problem}` : past.problem, field);
}
