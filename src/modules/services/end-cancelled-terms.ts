import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { lockForEnding } from './lock-for-ending.ts';
import { serviceActionKey } from './rules/lifecycle.ts';
import { transitionServices } from './transition-services.ts';
import { announceServicesEnded } from './services-ended.ts';
import { db } from '../../db/database.ts';

/**
 * Ends the services whose `cancel_at` has come (a client's end-of-term cancellation, or a price
 * that always ends with its term): cancelled, the plugin's terminate in the outbox, any renewal
 * invoice still open for them voided (one shared with live services is billed again without
 * them). The renewal scan never bills past `cancel_at`. `only`: just these services (one whose
 * term was already over when it was cancelled), not the sweep's whole list.
 */
export async function endCancelledTerms(
  em: EntityManager,
  today: CalendarDate,
  now: Date,
  opts: { batch?: number; only?: readonly number[] } = {},
): Promise<{ ended: number; voided: number }> {
  const batch = opts.batch ?? 500;
  let after = 0;
  const total = { ended: 0, voided: 0 };
  for (;;) {
    const due = await db(em)
      .selectFrom('service')
      .select(['id', 'cancel_at'])
      .where('status', 'in', ['active', 'suspended'])
      .where('cancel_at', '<=', today)
      .where('id', '>', after)
      .$if(opts.only !== undefined, (q) => q.where('id', 'in', opts.only!.length ? [...opts.only!] : [0]))
      .orderBy('id')
      .limit(batch)
      // NOTE: cancel_at is nullable in the table, never in these rows (compared with today).
      .$narrowType<{ cancel_at: string }>()
      .execute();
    if (!due.length) return total;
    after = due[due.length - 1]!.id;
    await em.transactional(async (tx) => {
      const open = await lockForEnding(
        tx,
        due.map((d) => d.id),
      );
      const items = due.map((d) => ({
        serviceId: d.id,
        note: `Ended with its term on ${d.cancel_at}, as cancelled.`,
        key: serviceActionKey(d.id, 'terminate'),
      }));
      const changed = await transitionServices(
        tx,
        items,
        {
          from: ['active', 'suspended'],
          to: 'cancelled',
          suspendReason: null,
          verb: 'terminate',
          where: (eb) => eb('s.cancel_at', '<=', today),
        },
        now,
      );
      total.ended += changed.length;
      total.voided += await announceServicesEnded(
        tx,
        { invoiceIds: [...new Set(open.map((o) => o.invoiceId))], serviceIds: due.map((d) => d.id) },
        now,
      );
    });
    if (due.length < batch) return total;
  }
}
