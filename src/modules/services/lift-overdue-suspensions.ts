import type { EntityManager } from '@mikro-orm/postgresql';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, calendarDateOf } from '../shared/dates.ts';
import { serviceActionKey } from './rules/lifecycle.ts';
import { transitionServices } from './transition-services.ts';

/**
 * Paying an overdue renewal brings the services it suspended back (inside the payment's
 * transaction, which holds the invoice row): active again, with the plugin's unsuspend in the
 * outbox. A service another unpaid invoice keeps overdue stays suspended, and so does one staff
 * suspended: only an 'overdue' suspension lifts itself.
 * NOTE: the overdue sweep share-locks the invoices it suspends for, so this runs either before
 * it (the invoice is paid and suspends nothing) or after its commit (and lifts what it did).
 */
export async function liftOverdueSuspensions(tx: EntityManager, invoiceId: number, now: Date): Promise<void> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const suspended = await conn.execute<{ id: number }[]>(
    `select distinct s.id from invoice_line l join service s on s.id = l.service_id
      where l.invoice_id = ? and s.status = 'suspended' and s.suspend_reason = 'overdue' order by s.id`,
    [invoiceId],
    'all',
    ctx,
  );
  if (!suspended.length) return;
  const { suspendAfterDays } = await getBillingSettings(tx);
  const overdueBy = addDays(calendarDateOf(now), -suspendAfterDays);
  await transitionServices(
    tx,
    suspended.map((s) => ({ serviceId: s.id, note: `Unsuspended: invoice #${invoiceId} paid.`, key: serviceActionKey(s.id, 'unsuspend', invoiceId) })),
    {
      from: ['suspended'],
      to: 'active',
      suspendReason: null,
      verb: 'unsuspend',
      where: {
        sql: `s.suspend_reason = 'overdue' and not exists (
                select 1 from invoice_line ol join invoice oi on oi.id = ol.invoice_id
                 where ol.service_id = s.id and ol.kind = 'renewal' and oi.status = 'unpaid' and oi.due_date <= ?)`,
        params: [overdueBy],
      },
    },
    now,
  );
}
