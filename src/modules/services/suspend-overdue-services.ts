import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { overdueBy } from './overdue.ts';
import { serviceActionKey } from './rules/lifecycle.ts';
import { transitionServices, type Transition } from './transition-services.ts';

/**
 * Suspends active services billed on an unpaid renewal invoice due on or before `dueBy`, in
 * batches of services, each batch one transaction: the invoices are share-locked, then the
 * services change in one statement with their history and the plugin's suspend in the outbox.
 * NOTE: the share lock makes a payment in flight finish first (its invoice is then paid and
 * suspends nothing), and a payment arriving later waits for this commit and then finds the
 * suspension to lift: a paid service never stays suspended for that invoice.
 * NOTE: an overdue period suspends a service once (its outbox key names both). When staff
 * unsuspend an overdue service to give the client time, the same period does not suspend it
 * again, even billed again on a new invoice; the next overdue period does.
 */
export async function suspendOverdueServices(em: EntityManager, dueBy: CalendarDate, now: Date, batch = 500): Promise<number> {
  let after = 0;
  let total = 0;
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
      .where('s.status', '=', 'active')
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(batch)
      .execute();
    if (!candidates.length) return total;
    after = candidates[candidates.length - 1]!.service_id;
    total += await em.transactional(async (tx) => {
      const q = db(tx);
      const overdue = await q
        .selectFrom('invoice as i')
        .innerJoin('invoice_line as l', 'l.invoice_id', 'i.id')
        .select(['i.id as invoice_id', 'i.due_date', 'l.service_id'])
        .where(
          'l.service_id',
          'in',
          candidates.map((c) => c.service_id),
        )
        .where('l.kind', '=', 'renewal')
        .where('i.status', '=', 'unpaid')
        .where(overdueBy('i', dueBy))
        .orderBy('i.id')
        .orderBy('l.service_id')
        .forShare('i')
        // NOTE: service_id is nullable in the table, never in these rows (filtered by `in`).
        .$narrowType<{ service_id: number }>()
        .execute();
      // NOTE: keyed by the overdue period's start (the invoice's due date), not the invoice: an
      // invoice voided and billed again for the same period must not undo staff's unsuspension.
      const keys = overdue.map((o) => serviceActionKey(o.service_id, 'suspend', `due-${o.due_date}`));
      const used = new Set(
        keys.length
          ? (await q.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'in', keys).execute()).map((r) => r.dedupe_key)
          : [],
      );
      // The oldest overdue invoice that has not suspended the service before.
      const picks = new Map<number, Transition>();
      overdue.forEach((o, i) => {
        if (picks.has(o.service_id) || used.has(keys[i]!)) return;
        picks.set(o.service_id, {
          serviceId: o.service_id,
          note: `Suspended: invoice #${o.invoice_id} is overdue (due ${o.due_date}).`,
          key: keys[i],
        });
      });
      const changed = await transitionServices(
        tx,
        [...picks.values()],
        { from: ['active'], to: 'suspended', suspendReason: 'overdue', verb: 'suspend' },
        now,
      );
      return changed.length;
    });
    if (candidates.length < batch) return total;
  }
}
