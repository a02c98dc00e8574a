import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { lockForEnding } from './lock-for-ending.ts';
import { overdueBy } from './overdue.ts';
import { serviceActionKey } from './rules/lifecycle.ts';
import { transitionServices, type Transition } from './transition-services.ts';
import { announceServicesEnded } from './services-ended.ts';
import { db } from '../../db/database.ts';

/**
 * Terminates active or suspended services billed on an unpaid renewal invoice due on or before
 * `dueBy`, in batches, each one transaction: their open renewal invoices and clients are locked,
 * the services change (the plugin's terminate goes to the outbox; the unit returns to stock, as
 * terminated services hold none), and their open renewal invoices are voided (one shared with a
 * live service is billed again without them, keeping its due date: see billing's `voidEndedRenewals`, run on the "services ended" hook).
 * NOTE: which services end is decided from the invoices as they are once locked, so an invoice
 * paid a moment earlier terminates nothing, and one paid a moment later is refused as void.
 */
export async function terminateOverdueServices(
  em: EntityManager,
  dueBy: CalendarDate,
  now: Date,
  batch = 500,
): Promise<{ terminated: number; voided: number }> {
  let after = 0;
  const total = { terminated: 0, voided: 0 };
  for (;;) {
    const candidates = await db(em)
      .selectFrom('invoice as i')
      .innerJoin('invoice_line as l', 'l.invoice_id', 'i.id')
      .innerJoin('service as s', 's.id', 'l.service_id')
      .select('s.id as service_id')
      .distinct()
      .where('i.status', '=', 'unpaid')
      .where(overdueBy('i', dueBy))
      .where('l.kind', '=', 'renewal')
      .where('s.status', 'in', ['active', 'suspended'])
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(batch)
      .execute();
    if (!candidates.length) return total;
    after = candidates[candidates.length - 1]!.service_id;
    await em.transactional(async (tx) => {
      const open = await lockForEnding(
        tx,
        candidates.map((c) => c.service_id),
      );
      // Overdue as the invoices are now, locked (an invoice issued by a later run is not yet).
      const invoiceIds = [...new Set(open.map((o) => o.invoiceId))];
      const overdue = new Set(
        invoiceIds.length
          ? (
              await db(tx).selectFrom('invoice as i').select('i.id').where('i.id', 'in', invoiceIds).where(overdueBy('i', dueBy)).execute()
            ).map((i) => i.id)
          : [],
      );
      const items = new Map<number, Transition>();
      for (const o of open) {
        if (!overdue.has(o.invoiceId) || items.has(o.serviceId)) continue;
        items.set(o.serviceId, {
          serviceId: o.serviceId,
          note: `Terminated: invoice #${o.invoiceId} unpaid since ${o.dueDate}.`,
          key: serviceActionKey(o.serviceId, 'terminate'),
        });
      }
      const changed = await transitionServices(
        tx,
        [...items.values()],
        { from: ['active', 'suspended'], to: 'terminated', suspendReason: null, verb: 'terminate' },
        now,
      );
      total.terminated += changed.length;
      total.voided += await announceServicesEnded(
        tx,
        { invoiceIds: [...new Set(open.map((o) => o.invoiceId))], serviceIds: [...items.keys()] },
        now,
      );
    });
    if (candidates.length < batch) return total;
  }
}
