import { defineEntity, p } from '@mikro-orm/core';

/**
 * Work to do after a commit (send a mail, provision a service), written in the same
 * transaction as the business rows, so a crash can never lose it. The relay enqueues each row
 * with a deterministic job id; the sweep re-enqueues what Redis lost. `dedupeKey` makes
 * recording the same work twice a no-op.
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox',
  indexes: [{ properties: ['processedAt', 'enqueuedAt'] }],
  properties: {
    id: p.bigint('number').primary(),
    queue: p.string().length(40),
    job: p.string().length(60),
    payload: p.json<Record<string, unknown>>(),
    dedupeKey: p.string().length(200).unique(),
    /** Not before this moment (a delayed job, e.g. a reservation's expiry). */
    runAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    enqueuedAt: p.datetime().nullable(),
    processedAt: p.datetime().nullable(),
  },
});
