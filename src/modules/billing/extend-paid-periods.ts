import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A paid renewal moves each service on by exactly the periods its invoice billed.
 * NOTE: marking a period paid is conditional (not yet paid), and the due date then advances along
 * the chain of paid periods starting at it, so however often a payment is reported a service is
 * extended once per period, and paying a later period before an earlier one extends nothing
 * until the earlier one is paid too.
 */
export async function extendPaidPeriods(tx: EntityManager, invoiceId: number, now: Date): Promise<void> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const periods = await conn.execute<{ service_id: number }[]>(
    `update service_period sp set paid_at = ? from invoice_line l
      where l.invoice_id = ? and l.service_id = sp.service_id and l.period_start = sp.period_start and sp.paid_at is null
      returning sp.service_id`,
    [now, invoiceId],
    'all',
    ctx,
  );
  const serviceIds = [...new Set(periods.map((p) => p.service_id))].sort((a, b) => a - b);
  // NOTE: two invoices of one service paid at once would each see only its own period paid and
  // the later extension would be lost; the row lock makes one wait and then walk the chain anew.
  if (serviceIds.length) await conn.execute('select id from service where id = any(?::int[]) order by id for update', [`{${serviceIds.join(',')}}`], 'all', ctx);
  for (const serviceId of serviceIds) {
    await conn.execute(
      `with recursive chain as (
         select sp.period_end from service s join service_period sp on sp.service_id = s.id and sp.period_start = s.next_due_date and sp.paid_at is not null where s.id = ?
         union all
         select sp.period_end from chain c join service_period sp on sp.service_id = ? and sp.period_start = c.period_end and sp.paid_at is not null
       )
       update service set next_due_date = (select max(period_end) from chain), updated_at = ? where id = ? and exists (select 1 from chain)`,
      [serviceId, serviceId, now, serviceId],
      'run',
      ctx,
    );
  }
}
