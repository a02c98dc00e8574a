import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { recordOutbox, recordOutboxMany } from '../modules/outbox/record-outbox.ts';
import { ACTION_VERBS } from '../modules/shared/statuses.ts';
import type { QueueName } from './queues.ts';

// Every job, declared once: its name, its queue, its payload (ids only, never secrets or whole
// records) and, for work recorded in the outbox, the key that makes recording it twice one row.
// Producers call the `…Later` functions below inside the transaction that makes the work needed;
// processors get the payload parsed by the same schema (jobs/run-job.ts).

const id = z.number().int().positive();

interface JobDef<P extends z.ZodType> {
  name: string;
  queue: QueueName;
  payload: P;
}

interface OutboxJobDef<P extends z.ZodType> extends JobDef<P> {
  /** The outbox dedupe key: the same work asked for again is the same key. */
  key: (payload: z.infer<P>) => string;
}

/** An outbox row carried by a job that is not its own (src/queue/hand-overs.ts). */
const carriedRow = z.object({
  outbox: id,
  attempt: z.number().int().min(0),
  /** The request that recorded it, for its log lines. */
  requestId: z.string().max(100).optional(),
});

const job = <P extends z.ZodType>(def: JobDef<P>) => def;
const outboxJob = <P extends z.ZodType>(def: OutboxJobDef<P>) => def;
const nothing = z.object({}).strict();

export const JOB = {
  sendMail: outboxJob({ name: 'send-mail', queue: 'mail', payload: z.object({ mailId: id }), key: (p) => `send-mail:${p.mailId}` }),
  // Emails handed over together: the send-mail rows one relay pass claimed, several to a job
  // (src/queue/hand-overs.ts). Each is still its own outbox row, closed with its own email.
  sendMails: job({
    name: 'send-mails',
    queue: 'mail',
    payload: z.object({
      rows: z
        .array(carriedRow.extend({ mailId: id }))
        .min(1)
        .max(100),
    }),
  }),
  // The "invoice issued" email of an invoice issued on a request path (checkout, a package change, a
  // cancellation fee): written by the mail worker, not in the request's transaction, which holds
  // the package's and the number counter's locks while it runs.
  invoiceIssued: outboxJob({
    name: 'invoice-issued',
    queue: 'mail',
    payload: z.object({ invoiceId: id }),
    key: (p) => `invoice-issued:${p.invoiceId}`,
  }),
  provisionService: outboxJob({
    name: 'provision-service',
    queue: 'provisioning',
    // `retry`: staff asked for another attempt (a moment, so each request is its own work).
    payload: z.object({ serviceId: id, retry: id.optional() }),
    key: (p) => `provision:service:${p.serviceId}${p.retry ? `:retry:${p.retry}` : ''}`,
  }),
  serviceAction: outboxJob({
    name: 'service-action',
    queue: 'provisioning',
    // `key` names the call (services/rules/lifecycle.ts serviceActionKey): the outbox key and the
    // plugin's idempotency key at once.
    payload: z.object({ serviceId: id, verb: z.enum(ACTION_VERBS), changeId: id.optional(), key: z.string().min(1).max(200) }),
    key: (p) => p.key,
  }),
  expireOrder: outboxJob({
    name: 'expire-order',
    queue: 'inventory',
    payload: z.object({ orderId: id }),
    key: (p) => `expire-order:${p.orderId}`,
  }),
  renewalBatch: outboxJob({
    name: 'renewal-batch',
    queue: 'billing',
    payload: z.object({ batchId: id }),
    key: (p) => `renewal-batch:${p.batchId}`,
  }),
  // Repeating jobs (jobs/schedulers.ts): no outbox row, no payload.
  expireOrders: job({ name: 'expire-orders', queue: 'inventory', payload: nothing }),
  renewalScan: job({ name: 'renewal-scan', queue: 'billing', payload: nothing }),
  lifecycleSweep: job({ name: 'lifecycle-sweep', queue: 'billing', payload: nothing }),
  chargeSavedCards: job({ name: 'charge-saved-cards', queue: 'billing', payload: nothing }),
  invoiceReminders: job({ name: 'invoice-reminders', queue: 'billing', payload: nothing }),
  purgeExpiredSessions: job({ name: 'purge-expired-sessions', queue: 'maintenance', payload: nothing }),
  purgeStaleCarts: job({ name: 'purge-stale-carts', queue: 'maintenance', payload: nothing }),
  pruneOutbox: job({ name: 'prune-outbox', queue: 'maintenance', payload: nothing }),
  relayOutbox: job({ name: 'relay-outbox', queue: 'maintenance', payload: nothing }),
};

export type JobKey = keyof typeof JOB;
export type Payload<K extends JobKey> = z.infer<(typeof JOB)[K]['payload']>;
type OutboxJobKey = { [K in JobKey]: (typeof JOB)[K] extends { key: unknown } ? K : never }[JobKey];

/** The outbox key of a job's work, from its payload. */
export function outboxKey<K extends OutboxJobKey>(k: K, payload: Payload<K>): string {
  return (JOB[k].key as (p: Payload<K>) => string)(payload);
}

/** An outbox row for a job, for a caller recording several kinds in one statement (recordOutboxMany). */
export function entry<K extends OutboxJobKey>(k: K, payload: Payload<K>, runAt?: Date) {
  const def = JOB[k];
  // NOTE: parsed here too, so a producer can never record a payload its processor would refuse.
  const parsed = def.payload.parse(payload) as Payload<K>;
  return { queue: def.queue, job: def.name, payload: parsed as Record<string, unknown>, dedupeKey: outboxKey(k, parsed), runAt };
}

export const sendMailLater = (tx: EntityManager, p: Payload<'sendMail'>) => recordOutbox(tx, entry('sendMail', p));
export const sendMailsLater = (tx: EntityManager, ps: readonly Payload<'sendMail'>[]) =>
  recordOutboxMany(
    tx,
    ps.map((p) => entry('sendMail', p)),
  );
export const invoiceIssuedLater = (tx: EntityManager, p: Payload<'invoiceIssued'>) => recordOutbox(tx, entry('invoiceIssued', p));
export const provisionServiceLater = (tx: EntityManager, p: Payload<'provisionService'>) => recordOutbox(tx, entry('provisionService', p));
export const serviceActionLater = (tx: EntityManager, p: Payload<'serviceAction'>) => recordOutbox(tx, entry('serviceAction', p));
export const serviceActionsLater = (tx: EntityManager, ps: readonly Payload<'serviceAction'>[]) =>
  recordOutboxMany(
    tx,
    ps.map((p) => entry('serviceAction', p)),
  );
export const renewalBatchesLater = (tx: EntityManager, ps: readonly Payload<'renewalBatch'>[]) =>
  recordOutboxMany(
    tx,
    ps.map((p) => entry('renewalBatch', p)),
  );
