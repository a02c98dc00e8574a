import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import { PermanentPluginError, type LifecycleContext, type ProvisioningPlugin } from '../plugins/plugin.ts';
import { outboxKey } from '../../queue/jobs.ts';
import { doneByKey, type OutboxDone } from '../outbox/relay-outbox.ts';
import { PermanentFailure } from '../shared/errors.ts';
import { loadLifecycleContext } from '../services/load-lifecycle-context.ts';
import { queueWelcomeEmail } from '../services/queue-welcome-email.ts';
import { recordServiceEvent } from '../services/record-service-event.ts';

export type ProvisionResult = 'activated' | 'already-done';

/**
 * Calls the plugin's create for a pending service, then (in one transaction) marks it active,
 * records the event and queues the welcome email.
 * NOTE: the call happens outside any transaction and carries a fixed idempotency key, so a
 * retry after a crash (even mid-call) asks the remote side for the same thing again, which it
 * deduplicates; the conditional UPDATE makes activation itself happen once.
 */
export async function provisionService(em: EntityManager, serviceId: number, appSecret: string, now: () => Date, done: OutboxDone = doneByKey(outboxKey('provisionService', { serviceId }), now())): Promise<ProvisionResult> {
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
    await em.getConnection().execute('update service set last_error = ? where id = ?', [`${permanent ? '' : '(retrying) '}${(err as Error).message}`.slice(0, 2000), serviceId]);
    throw permanent ? new PermanentFailure((err as Error).message) : err;
  }
  const result = await em.transactional(async (tx) => {
    const updated = await tx.getConnection().execute<QueryResult>(
      `update service set status = 'active', provisioned_at = ?, last_error = null, plugin_data = ?, updated_at = ? where id = ? and status = 'pending'`,
      [now(), JSON.stringify(data), now(), serviceId],
      'run',
      tx.getTransactionContext(),
    );
    await done(tx);
    if (!updated.affectedRows) return 'already-done';
    await recordServiceEvent(tx, { serviceId, from: 'pending', to: 'active', note: `Provisioned by ${plugin.name}.`, at: now() });
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
async function undoIfEndedMeanwhile(em: EntityManager, serviceId: number, plugin: ProvisioningPlugin, ctx: Omit<LifecycleContext, 'idempotencyKey'>, at: Date) {
  const [row] = await em.getConnection().execute<{ status: string }[]>('select status from service where id = ?', [serviceId]);
  if (row?.status !== 'terminated' && row?.status !== 'cancelled') return;
  await plugin.run('terminate', { ...ctx, idempotencyKey: `service-${serviceId}-terminate-after-create` });
  await em.transactional((tx) => recordServiceEvent(tx, { serviceId, from: row.status, to: row.status, note: `Ended while being provisioned: the account ${plugin.name} created was terminated as well.`, at }));
}
