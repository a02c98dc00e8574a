import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { calendarDateOf, type CalendarDate } from '../shared/dates.ts';
import { Conflict } from '../shared/errors.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import { endCancelledTerms } from './end-cancelled-terms.ts';
import { lockForEnding } from './lock-for-ending.ts';
import { queueCancellationConfirmed } from './queue-cancellation-confirmed.ts';
import { recordServiceEvent } from './record-service-event.ts';
import { announceServicesEnded } from './services-ended.ts';
import { liveAddonIds } from './transition-services.ts';
import { requestedNote } from './rules/withdraw-cancellation.ts';
import { wasWithdrawn } from './withdraw-cancellation.ts';

/** The service as the caller read it: the status and due date the schedule is conditional on. */
export interface CancellableService {
  serviceId: number;
  status: ServiceStatus;
  nextDueDate: CalendarDate;
}

/**
 * Ends a live service with its term (a client's request, or staff's for the client): it does not
 * renew, and ends on its next due date with its add-ons; a renewal already invoiced for after that
 * bills nothing; the client is emailed. `actor` is who asked ('client', or the staff member's email).
 * NOTE: a term already over (its renewal unpaid, the service overdue) ends at once after the
 * commit rather than waiting for the hourly sweep, so no page shows an end date in the past on a
 * live service; `ended` says so. Its end date is still its term's (what it was paid up to), in
 * the email as on the pages.
 */
export async function scheduleCancellationIn(
  em: EntityManager,
  svc: CancellableService,
  actor: string,
  now: Date,
): Promise<{ cancelAt: CalendarDate; ended: boolean }> {
  const { serviceId } = svc;
  const cancelAt = svc.nextDueDate;
  const today = calendarDateOf(now);
  const over = cancelAt <= today;
  const ids = await em.transactional(async (tx) => {
    const addons = await liveAddonIds(tx, serviceId);
    const open = await lockForEnding(tx, [serviceId, ...addons]);
    // NOTE: a payment that moved the due date meanwhile (its invoice was locked above) makes this a conflict, not an early end.
    const res = await db(tx)
      .updateTable('service')
      .set({ cancel_at: cancelAt, updated_at: now })
      .where('id', '=', serviceId)
      .where('status', '=', svc.status)
      .where('cancel_at', 'is', null)
      .where('next_due_date', '=', cancelAt)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw new Conflict('The service changed meanwhile; reload and try again.');
    await recordServiceEvent(tx, { serviceId, from: svc.status, to: svc.status, note: requestedNote(cancelAt), actor, at: now });
    // Asked again after a withdrawal: confirmed again (the first request's email is keyed to the service alone).
    await queueCancellationConfirmed(tx, serviceId, 'end_of_term', cancelAt, (await wasWithdrawn(tx, serviceId)) ? now : undefined);
    // Its add-ons end with it on the same day (an add-on co-terms, so that is its own term's end too).
    if (addons.length) {
      await db(tx)
        .updateTable('service')
        .set({ cancel_at: cancelAt, updated_at: now })
        .where('id', 'in', addons)
        .where((eb) => eb.or([eb('cancel_at', 'is', null), eb('cancel_at', '>', cancelAt)]))
        .execute();
    }
    // A renewal already invoiced for the period after the end bills nothing now (a shared one is billed again without it).
    await announceServicesEnded(tx, { invoiceIds: [...new Set(open.map((o) => o.invoiceId))], serviceIds: [] }, now);
    return [serviceId, ...addons];
  });
  if (!over) return { cancelAt, ended: false };
  await endCancelledTerms(em, today, now, { only: ids });
  return { cancelAt, ended: true };
}
