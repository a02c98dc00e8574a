import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { voidAwaitingChanges } from './void-awaiting-changes.ts';

/**
 * The daily sweep's part for changes: an upgrade still unpaid when its period has ended (its
 * amounts were for days now gone), or whose service has ended, is voided with its invoice, and
 * the unit it held of the target package is released. Safe to run any number of times.
 * NOTE: the invoices are locked first, as a payment locks them, so a payment arriving at the
 * same moment either applies the change first or finds its invoice void; never half of each.
 */
export async function voidStaleServiceChanges(em: EntityManager, today: CalendarDate, now: Date): Promise<number> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const ids = (
      await conn.execute<{ invoice_id: number }[]>(
        `select invoice_id from service_change where status = 'awaiting_payment' and invoice_id is not null
            and (period_end <= ? or service_id in (select id from service where status in ('cancelled', 'terminated')))`,
        [today],
        'all',
        ctx,
      )
    ).map((r) => r.invoice_id);
    if (ids.length) await conn.execute(`select id from invoice where id in (${ids.map(() => '?').join(', ')}) order by id for update`, ids, 'all', ctx);
    return voidAwaitingChanges(tx, { stale: today }, 'unpaid when its period (or the service) ended.', now);
  });
}
