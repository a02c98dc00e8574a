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
import { withServiceTurn } from './with-service-turn.ts';
import { serviceActionLater } from '../../queue/jobs.ts';
import { serviceActionKey } from './rules/lifecycle.ts';

const REASON_STAFF: SuspendReason = 'staff';

const PAST: Record<ServiceAction, string> = { suspend: 'Suspended', unsuspend: 'Unsuspended', terminate: 'Terminated' };

/** The service's last status change, by its event's id (0 for none). */
async function lastFlip(tx: EntityManager, serviceId: number): Promise<number> {
  const row = await db(tx)
    .selectFrom('service_event')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('service_id', '=', serviceId)
    .whereRef('from_status', 'is distinct from', 'to_status')
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Suspend, unsuspend or terminate, through the service's plugin first; the status changes only
 * when the plugin agreed. Terminating gives the unit back to stock (terminated services hold none)
 * and voids the service's open renewal invoices; one it shares with live services is billed
 * again without it (the "services ended" hook: billing voids them).
 * NOTE: a staff suspension is marked 'staff', so paying an overdue invoice never lifts it;
 * unsuspending clears the reason, whichever it was.
 * NOTE: a pending service was never created remotely, so terminating it calls nothing.
 * NOTE: staff actions (and a client's cancellation now) on one service take turns, the plugin's
 * call included (withServiceTurn: a second one meanwhile is refused, to be tried again). Billing
 * and payments do not take turns: they may change the status while the call is out, so it is read
 * again after it. A termination then ends the service from whatever live status it is in (the
 * remote account is gone); one that finds the same change made meanwhile agrees with it (a
 * suspension becoming staff's); any other suspend or unsuspend overtaken is refused as changed
 * meanwhile: what overtook it ended the service, and an ending queues its own call, which deletes
 * the account whatever came before.
 */
export async function changeServiceStatus(
  em: EntityManager,
  serviceId: number,
  action: ServiceAction,
  actor: string,
  appSecret: string,
  now: Date,
) {
  return withServiceTurn(em, serviceId, async () => {
    const seen = await lastFlip(em, serviceId);
    const { status, plugin, ctx } = await loadLifecycleContext(em, serviceId, appSecret);
    const problem = transitionProblem(action, status);
    if (problem) throw new Conflict(problem);
    const called = status !== 'pending' && status !== 'cancelled';
    if (called) {
      try {
        await plugin.run(action, { ...ctx, idempotencyKey: `service-${serviceId}-${action}-${now.getTime()}` });
      } catch (err) {
        throw new Conflict(`${plugin.name} could not ${action} the service: ${(err as Error).message}`);
      }
    }
    const to = TARGET[action];
    const note = `${PAST[action]} by staff via ${plugin.name}.`;
    return em.transactional(async (tx) => {
      // An add-on follows its parent (addonsFollow below); their open invoices are locked with the parent's.
      // NOTE: every action locks in the order payments, billing and endings take (lockForEnding:
      // invoices, clients, services). A suspension that updated the service first and then touched
      // the client's row (its notice) deadlocked with a termination holding the client and waiting
      // for the service.
      const locked = await lockForEnding(tx, [serviceId, ...(await liveAddonIds(tx, serviceId))]);
      const from = (await db(tx).selectFrom('service').select('status').where('id', '=', serviceId).executeTakeFirstOrThrow()).status;
      if (from !== status) {
        // NOTE: a pending service provisioned meanwhile was created remotely, and this action called nothing.
        if (!called) throw new Conflict('The service changed meanwhile; reload and try again.');
        // Made the same change meanwhile (a sweep): a suspension becomes staff's, so a payment does not lift it.
        if (from === to) {
          if (action === 'suspend') {
            await db(tx)
              .updateTable('service')
              .set({ suspend_reason: REASON_STAFF, updated_at: now })
              .where('id', '=', serviceId)
              .execute();
            await recordServiceEvent(tx, { serviceId, from, to, note, actor, at: now });
          }
          return to;
        }
        if (action !== 'terminate' || transitionProblem(action, from))
          throw new Conflict('The service changed meanwhile; reload and try again.');
      }
      // Flipped and flipped back while the call was out (a suspension, then the payment lifting it):
      // their calls may reach the remote side after this one, so it is told this status once more,
      // by a call of its own after commit (skipped if the status has moved on by then).
      if (action !== 'terminate' && called && (await lastFlip(tx, serviceId)) !== seen)
        await serviceActionLater(tx, { serviceId, verb: action, key: serviceActionKey(serviceId, action, `staff-${now.getTime()}`) });
      const open = action === 'terminate' ? locked : [];
      await db(tx)
        .updateTable('service')
        .set({ status: to, suspend_reason: action === 'suspend' ? REASON_STAFF : null, updated_at: now })
        .where('id', '=', serviceId)
        .execute();
      await recordServiceEvent(tx, { serviceId, from, to, note, actor, at: now });
      await addonsFollow(tx, [serviceId], to, now, actor);
      await queueServiceNotices(tx, [serviceId], to, now);
      await announceServicesEnded(
        tx,
        { invoiceIds: [...new Set(open.map((o) => o.invoiceId))], serviceIds: action === 'terminate' ? [serviceId] : [] },
        now,
      );
      return to;
    });
  });
}
