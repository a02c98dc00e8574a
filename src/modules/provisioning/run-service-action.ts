import type { EntityManager } from '@mikro-orm/postgresql';
import { serviceActionLater, type Payload } from '../../queue/jobs.ts';
import { doneByKey, type OutboxDone } from '../outbox/outbox-state.ts';
import { PermanentPluginError } from '../plugins/plugin.ts';
import { NotFound, PermanentFailure } from '../shared/errors.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import { actionStillWanted } from '../services/rules/lifecycle.ts';
import { loadLifecycleContext } from '../services/load-lifecycle-context.ts';
import { recordServiceEvent } from '../services/record-service-event.ts';
import { db } from '../../db/database.ts';

export type ServiceActionResult = 'done' | 'already-done' | 'superseded' | 'not-provisioned' | 'failed';

const FLIP: Partial<Record<ServiceStatus, 'suspend' | 'unsuspend'>> = { active: 'unsuspend', suspended: 'suspend' };

const DOING: Record<string, string> = {
  suspend: 'suspend',
  unsuspend: 'unsuspend',
  terminate: 'terminate',
  changePackage: 'change the package of',
};

/**
 * The plugin call for a status change the database already made (suspend, unsuspend,
 * terminate, changePackage), run by the `service-action` job. The outbox key is the remote
 * idempotency key, and the row is marked processed when the call is settled.
 * NOTE: the service's status is read again first: a call the status no longer wants (a suspend
 * delivered after the payment that lifted it) is skipped, because the later change queued its
 * own call; so late, repeated or out-of-order deliveries leave the remote side as the database
 * says. A transient failure throws for the queue to retry; a permanent one is kept on the
 * service for staff and not retried.
 */
export async function runServiceAction(
  em: EntityManager,
  input: Payload<'serviceAction'>,
  appSecret: string,
  now: Date,
  done: OutboxDone = doneByKey(input.key, now),
): Promise<ServiceActionResult> {
  const { serviceId, verb, key } = input;
  const q = db(em);
  const row = await q.selectFrom('outbox').select('processed_at').where('dedupe_key', '=', key).executeTakeFirst();
  if (row?.processed_at) return 'already-done';
  const skip = async (result: ServiceActionResult) => {
    await done(em);
    return result;
  };
  const svc = await q.selectFrom('service').select(['status', 'provisioned_at']).where('id', '=', serviceId).executeTakeFirst();
  if (!svc) return skip('superseded');
  if (!actionStillWanted(verb, svc.status)) return skip('superseded');
  if (verb === 'changePackage') {
    const change = await q
      .selectFrom('service_change')
      .select('status')
      .where('id', '=', input.changeId ?? 0)
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    if (change?.status !== 'applied') return skip('superseded');
  }
  // Never created remotely (still pending when it ended): there is nothing to call.
  if (!svc.provisioned_at) return skip('not-provisioned');
  let pluginName = 'the plugin';
  try {
    const { plugin, ctx } = await loadLifecycleContext(em, serviceId, appSecret);
    pluginName = plugin.name;
    // NOTE: a package change sends the package the service is on now, so two changes run in any order end on the last one.
    await plugin.run(verb, {
      ...ctx,
      idempotencyKey: key,
      targetPackageSlug: verb === 'changePackage' ? ctx.service.packageSlug : undefined,
    });
  } catch (err) {
    if (err instanceof NotFound) return skip('superseded');
    if (!(err instanceof PermanentPluginError || err instanceof PermanentFailure)) throw err;
    const message = `Could not ${DOING[verb]} the service through ${pluginName}: ${err.message}`.slice(0, 2000);
    await em.transactional(async (tx) => {
      await db(tx).updateTable('service').set({ last_error: message }).where('id', '=', serviceId).execute();
      await recordServiceEvent(tx, { serviceId, from: svc.status, to: svc.status, note: message, at: now });
      await done(tx);
    });
    return 'failed';
  }
  // NOTE: a payment (or staff) may flip suspended/active while the call is in flight, and the
  // call that change queued can reach the remote side first and be overtaken by this one. Then
  // the state the service is in now is said once more, as a call of its own (checked and retried
  // like any other).
  const after = await q.selectFrom('service').select('status').where('id', '=', serviceId).executeTakeFirst();
  const settle = after && (verb === 'suspend' || verb === 'unsuspend') ? FLIP[after.status] : undefined;
  await em.transactional(async (tx) => {
    await done(tx);
    if (!settle || settle === verb) return;
    // Named after the first call (not chained), so flip after flip keeps keys short and distinct.
    const again = `${key.split(':then-')[0]}:then-${settle}:${now.getTime()}`;
    await serviceActionLater(tx, { serviceId, verb: settle, key: again });
  });
  return 'done';
}
