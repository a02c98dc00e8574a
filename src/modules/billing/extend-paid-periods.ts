import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/**
 * A paid renewal moves each service on by exactly the periods its invoice billed.
 * NOTE: marking a period paid is conditional (not yet paid), and the due date then advances along
 * the chain of paid periods starting at it, so however often a payment is reported a service is
 * extended once per period, and paying a later period before an earlier one extends nothing
 * until the earlier one is paid too.
 */
export async function extendPaidPeriods(tx: EntityManager, invoiceId: number, now: Date): Promise<void> {
  const q = db(tx);
  const periods = await q
    .updateTable('service_period as sp')
    .from('invoice_line as l')
    .set({ paid_at: now })
    .where('l.invoice_id', '=', invoiceId)
    .whereRef('l.service_id', '=', 'sp.service_id')
    .whereRef('l.period_start', '=', 'sp.period_start')
    .where('sp.paid_at', 'is', null)
    .returning('sp.service_id')
    .execute();
  const serviceIds = [...new Set(periods.map((p) => p.service_id))].sort((a, b) => a - b);
  if (!serviceIds.length) return;
  // NOTE: two invoices of one service paid at once would each see only its own period paid and
  // the later extension would be lost; the row lock makes one wait and then walk the chain anew.
  await q.selectFrom('service').select('id').where('id', 'in', serviceIds).orderBy('id').forUpdate().execute();
  for (const serviceId of serviceIds) {
    // NOTE: raw SQL: a recursive walk along the paid periods feeding an update, one statement.
    await sql`
      with recursive chain as (
        select sp.period_end from service s join service_period sp on sp.service_id = s.id and sp.period_start = s.next_due_date and sp.paid_at is not null where s.id = ${serviceId}
        union all
        select sp.period_end from chain c join service_period sp on sp.service_id = ${serviceId} and sp.period_start = c.period_end and sp.paid_at is not null
      )
      update service set next_due_date = (select max(period_end) from chain), updated_at = ${now} where id = ${serviceId} and exists (select 1 from chain)`.execute(
      q,
    );
  }
}
