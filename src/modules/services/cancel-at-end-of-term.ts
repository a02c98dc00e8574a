import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import type { CalendarDate } from '../shared/dates.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import { scheduleCancellationIn } from './schedule-cancellation.ts';

const LIVE: readonly ServiceStatus[] = ['active', 'suspended'];

/**
 * Staff end a client's service with its term (the client asked by phone or ticket): as the
 * client's own request does, but whatever the package allows clients online, and recorded as
 * staff's. A service already set to end keeps its date.
 */
export async function cancelAtEndOfTerm(
  em: EntityManager,
  serviceId: number,
  actor: string,
  now: Date,
): Promise<{ cancelAt: CalendarDate; ended: boolean; already?: true }> {
  const svc = await db(em)
    .selectFrom('service')
    .select(['status', 'next_due_date', 'cancel_at'])
    .where('id', '=', serviceId)
    .executeTakeFirst();
  if (!svc) throw new NotFound('That service');
  if (!LIVE.includes(svc.status)) throw new Conflict(`A ${svc.status} service cannot be cancelled.`);
  if (svc.cancel_at) return { cancelAt: svc.cancel_at, ended: false, already: true };
  if (!svc.next_due_date) throw new Conflict('This service has no term to end (a one-time price); terminate it instead.');
  return scheduleCancellationIn(em, { serviceId, status: svc.status, nextDueDate: svc.next_due_date }, actor, now);
}
