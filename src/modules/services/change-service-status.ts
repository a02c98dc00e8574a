import type { EntityManager } from '@mikro-orm/postgresql';
import { TARGET, transitionProblem, type ServiceAction } from './rules/transitions.ts';
import { loadLifecycleContext } from './load-lifecycle-context.ts';
import { recordServiceEvent } from './record-service-event.ts';
import { Conflict } from '../shared/errors.ts';
import { lockForEnding } from './lock-for-ending.ts';
import type { SuspendReason } from './rules/lifecycle.ts';
import { announceServicesEnded } from './services-ended.ts';
import { db } from '../../db/database.ts';
import { addonsFollow, liveAddonIds } from './transition-services.ts';
import { queueServiceNotices } from './queue-service-notices.ts';

const REASON_STAFF: SuspendReason = 'staff';

const PAST: Record<ServiceAction, string> = { suspend: 'Suspended', unsuspend: 'Unsuspended', terminate: 'Terminated' };

/**
 * Suspend, unsuspend or terminate, through the service's plugin first; the status changes only
 * when the plugin agreed. Terminating gives the unit back to stock (terminated services hold none)
 * and voids the service's open renewal invoices; one it shares with live services is billed
 * again without it (the "services ended" hook: billing voids them).
 * NOTE: a staff suspension is marked 'staff', so paying an overdue invoice never lifts it;
 * unsuspending clears the reason, whichever it was.
 * NOTE: a pending service was never created remotely, so terminating it calls nothing.
 * The status update is conditional on the status read, so two staff clicking at once change it once.
 */
export async function changeServiceStatus(
  em: EntityManager,
  serviceId: number,
  action: ServiceAction,
  actor: string,
  appSecret: string,
  now: Date,
) {
  const { status, plugin, ctx } = await loadLifecycleContext(em, serviceId, appSecret);
  const problem = transitionProblem(action, status);
  if (problem) throw new Conflict(problem);
  if (status !== 'pending' && status !== 'cancelled') {
    try {
      await plugin.run(action, { ...ctx, idempotencyKey: `service-${serviceId}-${action}-${now.getTime()}` });
    } catch (err) {
      throw new Conflict(`${plugin.name} could not ${action} the service: ${(err as Error).message}`);
    }
  }
  const to = TARGET[action];
  await em.transactional(async (tx) => {
    // An add-on follows its parent (addonsFollow below); their open invoices are locked with the parent's.
    // NOTE: every action locks in the order payments, billing and endings take (lockForEnding:
    // invoices, clients, services). A suspension that updated the service first and then touched
    // the client's row (its notice) deadlocked with a termination holding the client and waiting
    // for the service.
    const locked = await lockForEnding(tx, [serviceId, ...(await liveAddonIds(tx, serviceId))]);
    const open = action === 'terminate' ? locked : [];
    const res = await db(tx)
      .updateTable('service')
      .set({ status: to, suspend_reason: action === 'suspend' ? REASON_STAFF : null, updated_at: now })
      .where('id', '=', serviceId)
      .where('status', '=', status)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw new Conflict('The service changed meanwhile; reload and try again.');
    await recordServiceEvent(tx, { serviceId, from: status, to, note: `${PAST[action]} by staff via ${plugin.name}.`, actor, at: now });
    await addonsFollow(tx, [serviceId], to, now, actor);
    await queueServiceNotices(tx, [serviceId], to, now);
    await announceServicesEnded(tx, [...new Set(open.map((o) => o.invoiceId))], now);
  });
  return to;
}
