import { defineEntity, p } from '@mikro-orm/core';

/**
 * Work to do after a commit (send a mail, provision a service), written in the same
 * transaction as the business rows, so a crash can never lose it. The relay enqueues each row
 * with a deterministic job id; the sweep re-enqueues what Redis lost, and hands work whose job
 * used up its retries over again (a new attempt, a new job id) until it is done. `dedupeKey`
 * makes recording the same work twice a no-op.
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox',
  // NOTE: no index on `processed_at` alone. A row's versions never done all share the key null,
  // so such an index keeps an entry for every row handed over and every version since the last
  // vacuum in one range, which a scan reads whole (in posting lists new rows keep joining, so
  // none is ever marked dead), and the planner, told few rows are pending, picks it for lookups
  // by id ("... and processed_at is null"). Each partial index here serves one question, and a
  // query that says only `processed_at is null` uses the primary key or the dedupe key.
  indexes: [
    // What the failed-work page, the dashboard and redelivery ask for: failed rows only. Rows
    // never failed (nearly all) have no entry, as every version of theirs had one before.
    {
      name: 'outbox_failed_index',
      expression: 'create index "outbox_failed_index" on "outbox" ("failed_at") where failed_at is not null',
    },
    // What the relay claims: rows never handed over, in id order.
    {
      name: 'outbox_unclaimed_index',
      expression: 'create index "outbox_unclaimed_index" on "outbox" ("id") where processed_at is null and enqueued_at is null',
    },
    // What the sweep asks the queue about: rows handed over long ago and not done.
    {
      name: 'outbox_handed_over_index',
      expression:
        'create index "outbox_handed_over_index" on "outbox" ("enqueued_at") where processed_at is null and enqueued_at is not null',
    },
  ],
  properties: {
    id: p.bigint('number').primary(),
    queue: p.string().length(40),
    job: p.string().length(60),
    payload: p.json<Record<string, unknown>>(),
    dedupeKey: p.string().length(200).unique(),
    /** Not before this moment (a delayed job, e.g. a reservation's expiry). */
    runAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    /** The request (or job) that recorded it: its job logs under the same id. */
    requestId: p.string().length(100).nullable(),
    enqueuedAt: p.datetime().nullable(),
    /** The job that carries it when several rows went in one (src/queue/hand-overs.ts); null when it has a job of its own. */
    carrier: p.string().length(200).nullable(),
    processedAt: p.datetime().nullable(),
    /** Which hand-over this is: 0 first, then one more each time the sweep delivers it again. */
    attempt: p.integer().default(0),
    /** When the current attempt's job stopped retrying; the sweep delivers it again later. */
    failedAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
    /** Failed in a way retrying cannot mend (closed, shown to staff, retried only by hand). */
    gaveUp: p.boolean().default(false),
  },
});
