import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { NotFound } from '../shared/errors.ts';

/**
 * Moves a gateway one place up or down in the order clients see them. NOTE: positions are
 * renumbered 1..n under a lock of every row, so two staff moving at once cannot leave two
 * gateways in one place; the rows are locked in key order, so two moves never deadlock.
 */
export async function moveGateway(em: EntityManager, key: string, direction: 'up' | 'down'): Promise<void> {
  await em.transactional(async (tx) => {
    const q = db(tx);
    // Locked in key order, then put in display order: see inDisplayOrder (reorder.ts) on why.
    const rows = await q.selectFrom('payment_gateway').select(['key', 'position']).orderBy('key').forUpdate().execute();
    const keys = rows.sort((a, b) => a.position - b.position || (a.key < b.key ? -1 : 1)).map((r) => r.key);
    const at = keys.indexOf(key);
    if (at < 0) throw new NotFound('That payment gateway');
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= keys.length) return;
    [keys[at], keys[to]] = [keys[to]!, keys[at]!];
    for (const [i, k] of keys.entries())
      await q
        .updateTable('payment_gateway')
        .set({ position: i + 1 })
        .where('key', '=', k)
        .execute();
  });
}
