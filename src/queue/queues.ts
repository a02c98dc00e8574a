import { Queue, type ConnectionOptions } from 'bullmq';

// Producers only. Queue names are nouns; job names are kebab-case verbs; payloads carry ids only.

export const QUEUE_NAMES = ['provisioning', 'mail', 'inventory', 'billing', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const JOBS = {
  purgeExpiredSessions: 'purge-expired-sessions',
  relayOutbox: 'relay-outbox',
  sendMail: 'send-mail',
  provisionService: 'provision-service',
  expireOrder: 'expire-order',
  expireOrders: 'expire-orders',
  renewalScan: 'renewal-scan',
  renewalBatch: 'renewal-batch',
  lifecycleSweep: 'lifecycle-sweep',
  serviceAction: 'service-action',
} as const;

export interface JobPayloads {
  [JOBS.purgeExpiredSessions]: Record<string, never>;
  [JOBS.relayOutbox]: Record<string, never>;
  [JOBS.sendMail]: { mailId: number };
  [JOBS.provisionService]: { serviceId: number };
  [JOBS.expireOrder]: { orderId: number };
  [JOBS.expireOrders]: Record<string, never>;
  [JOBS.renewalScan]: Record<string, never>;
  [JOBS.renewalBatch]: { batchId: number };
  [JOBS.lifecycleSweep]: Record<string, never>;
  /** A plugin call for a status the database already holds: suspend, unsuspend, terminate or changePackage. */
  [JOBS.serviceAction]: { serviceId: number; verb: string; changeId?: number };
}

/** Retries per queue: with the default 3 s first delay, mail rides out an SMTP outage of about 3 hours. */
export const JOB_ATTEMPTS: Record<QueueName, number> = { maintenance: 3, mail: 13, provisioning: 10, inventory: 5, billing: 5 };

/** Parses "--queues provisioning,mail" (or WORKER_QUEUES); blank means every queue. */
export function parseQueueList(value: string | undefined): QueueName[] {
  if (!value || !value.trim()) return [...QUEUE_NAMES];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(QUEUE_NAMES as readonly string[]).includes(n));
  if (unknown.length) {
    throw new Error(`Unknown queue${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known queues: ${QUEUE_NAMES.join(', ')}.`);
  }
  return [...new Set(names)] as QueueName[];
}

export function createQueue(name: QueueName, connection: ConnectionOptions, prefix: string, backoffMs = 3000) {
  return new Queue(name, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: JOB_ATTEMPTS[name], backoff: { type: 'exponential', delay: backoffMs } },
  });
}

export function createQueues(connection: ConnectionOptions, prefix: string, backoffMs?: number): Record<QueueName, Queue> {
  return Object.fromEntries(QUEUE_NAMES.map((n) => [n, createQueue(n, connection, prefix, backoffMs)])) as Record<QueueName, Queue>;
}
