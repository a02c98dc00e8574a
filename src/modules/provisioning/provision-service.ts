import type { EntityManager } from '@mikro-orm/postgresql';
import { PermanentPluginError, type LifecycleContext, type ProvisioningPlugin } from '../plugins/plugin.ts';
import { outboxKey } from '../../queue/jobs.ts';
import { doneByKey, type OutboxDone } from '../outbox/outbox-state.ts';
import { PermanentFailure } from '../shared/errors.ts';
import { loadLifecycleContext } from '../services/load-lifecycle-context.ts';
import { queueWelcomeEmail } from '../services/queue-welcome-email.ts';
import { recordServiceEvent } from '../services/record-service-event.ts';
import { db } from '../../db/database.ts';

export type ProvisionResult = 'activated' | 'already-done';

/**
 * Calls the plugin's create for a pending service, then (in one transaction) marks it active,
 * records the event and queues the welcome email.
 * NOTE: the call happens outside any transaction and carries a fixed idempotency key, so a
 * retry after a crash (even mid-call) asks the remote side for the same thing again, which it
 * deduplicates; the conditional UPDATE makes activation itself happen once.
 */
export async function provisionService(
  em: EntityManager,
  serviceId: number,
  appSecret: string,
  now: () => Date,
  done: OutboxDone = doneByKey(outboxKey('provisionService', { serviceId }), now()),
): Promise<ProvisionResult> {
  const { status, plugin, ctx } = await loadLifecycleContext(em, serviceId, appSecret);
  if (status !== 'pending') {
    await done(em);
    return 'already-done';
  }
  let data: Record<string, string> = {};
  try {
    data = (await plugin.run('create', { ...ctx, idempotencyKey: `service-${serviceId}-create` })).data ?? {};
  } catch (err) {
    const permanent = err instanceof PermanentPluginError || err instanceof PermanentFailure;
    await db(em)
      .updateTable('service')
      .set({ last_error: `${permanent ? '' : '(retrying) '}${(err as Error).message}`.slice(0, 2000) })
      .where('id', '=', serviceId)
      .execute();
    throw permanent ? new PermanentFailure(err.message) : err;
  }
  const result = await em.transactional(async (tx) => {
    const updated = await db(tx)
      .updateTable('service')
      .set({ status: 'active', provisioned_at: now(), last_error: null, plugin_data: data, updated_at: now() })
      .where('id', '=', serviceId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    await done(tx);
    if (!updated.numUpdatedRows) return 'already-done';
    // Nothing provisions a manual service: it is active at once, for staff to set up by hand.
    const note = plugin.key === 'none' ? 'Active at once; staff set it up by hand.' : `Provisioned by ${plugin.name}.`;
    await recordServiceEvent(tx, { serviceId, from: 'pending', to: 'active', note, at: now() });
    await queueWelcomeEmail(tx, serviceId);
    return 'activated' as const;
  });
  if (result === 'already-done') await undoIfEndedMeanwhile(em, serviceId, plugin, ctx, now());
  return result;
}

/**
 * NOTE: staff may terminate a pending service while its create call is in flight; the remote
 * account the call made must not be left running (its unit is back in stock), so it is
 * terminated too, and the history says so.
 */
async function undoIfEndedMeanwhile(
  em: EntityManager,
  serviceId: number,
  plugin: ProvisioningPlugin,
  ctx: Omit<LifecycleContext, 'idempotencyKey'>,
  at: Date,
) {
  const row = await db(em).selectFrom('service').select('status').where('id', '=', serviceId).executeTakeFirst();
  if (row?.status !== 'terminated' && row?.status !== 'cancelled') return;
  await plugin.run('terminate', { ...ctx, idempotencyKey: `service-${serviceId}-terminate-after-create` });
  await em.transactional((tx) =>
    recordServiceEvent(tx, {
      serviceId,
      from: row.status,
      to: row.status,
      note: `Ended while being provisioned: the account ${plugin.name} created was terminated as well.`,
      at,
    }),
  );
}
