import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { awaitingWhere, voidAwaitingChanges, type AwaitingChanges } from './void-awaiting-changes.ts';

/**
 * The daily sweep's part for changes: an upgrade still unpaid when its period has ended (its
 * amounts were for days now gone), or whose service has ended, or whose service's next period
 * was renewed meanwhile (its amounts stop at a due date that has moved on), is voided with its
 * invoice, and the unit it held of the target package is released. Safe to run any number of
 * times.
 * NOTE: the invoices are locked first, as a payment locks them, and only the changes found
 * before are voided (if still awaiting), so a payment arriving at the same moment either
 * applies the change first or finds its invoice void; never half of each.
 */
export async function voidStaleServiceChanges(em: EntityManager, today: CalendarDate, now: Date): Promise<number> {
  const sets: { which: AwaitingChanges; reason: string }[] = [
    { which: { stale: today }, reason: 'unpaid when its period (or the service) ended.' },
    { which: { dueDateMoved: true }, reason: 'the service’s next period was renewed before it was paid; preview the change again.' },
  ];
  return em.transactional(async (tx) => {
    const q = db(tx);
    const seen = new Set<number>();
    const found: { ids: number[]; reason: string }[] = [];
    const invoices = new Set<number>();
    for (const { which, reason } of sets) {
      const rows = await q
        .selectFrom('service_change')
        .select(['id', 'invoice_id'])
        .where('status', '=', 'awaiting_payment')
        .where(awaitingWhere(which))
        .orderBy('id')
        .execute();
      const ids = rows.filter((r) => !seen.has(r.id)).map((r) => r.id);
      for (const r of rows) {
        seen.add(r.id);
        if (r.invoice_id !== null) invoices.add(r.invoice_id);
      }
      if (ids.length) found.push({ ids, reason });
    }
    const locked = [...invoices].sort((a, b) => a - b);
    if (locked.length) await q.selectFrom('invoice').select('id').where('id', 'in', locked).orderBy('id').forUpdate().execute();
    let voided = 0;
    for (const { ids, reason } of found) voided += await voidAwaitingChanges(tx, { changeIds: ids }, reason, now);
    return voided;
  });
}
