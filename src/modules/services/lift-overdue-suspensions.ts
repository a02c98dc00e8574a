import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, calendarDateOf } from '../shared/dates.ts';
import { overdueBy } from './overdue.ts';
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
  const suspended = await db(tx)
    .selectFrom('invoice_line as l')
    .innerJoin('service as s', 's.id', 'l.service_id')
    .select('s.id')
    .distinct()
    .where('l.invoice_id', '=', invoiceId)
    .where('s.status', '=', 'suspended')
    .where('s.suspend_reason', '=', 'overdue')
    .orderBy('s.id')
    .execute();
  if (!suspended.length) return;
  const { suspendAfterDays } = await getBillingSettings(tx);
  const dueBy = addDays(calendarDateOf(now), -suspendAfterDays);
  await transitionServices(
    tx,
    suspended.map((s) => ({
      serviceId: s.id,
      note: `Unsuspended: invoice #${invoiceId} paid.`,
      key: serviceActionKey(s.id, 'unsuspend', invoiceId),
    })),
    {
      from: ['suspended'],
      to: 'active',
      suspendReason: null,
      verb: 'unsuspend',
      where: (eb) =>
        eb.and([
          eb('s.suspend_reason', '=', 'overdue'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('invoice_line as ol')
                .innerJoin('invoice as oi', 'oi.id', 'ol.invoice_id')
                .select('ol.id')
                .whereRef('ol.service_id', '=', 's.id')
                .where('ol.kind', '=', 'renewal')
                .where('oi.status', '=', 'unpaid')
                .where(overdueBy('oi', dueBy)),
            ),
          ),
        ]),
    },
    now,
  );
}
