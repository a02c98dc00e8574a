import { Queue, type ConnectionOptions } from 'bullmq';

// Producers only. Queue names are nouns; the jobs on them are declared in jobs.ts.

export const QUEUE_NAMES = ['provisioning', 'mail', 'inventory', 'billing', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Retries per queue: with the default 3 s first delay, mail rides out an SMTP outage of about 3 hours. */
export const JOB_ATTEMPTS: Record<QueueName, number> = { maintenance: 3, mail: 13, provisioning: 10, inventory: 5, billing: 5 };

/** Parses "--queues provisioning,mail" (or WORKER_QUEUES); blank means every queue. */
export function parseQueueList(value: string | undefined): QueueName[] {
  if (!value || !value.trim()) return [...QUEUE_NAMES];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
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
    defaultJobOptions: {
      removeOnComplete: 1000,
      removeOnFail: 5000,
      attempts: JOB_ATTEMPTS[name],
      backoff: { type: 'exponential', delay: backoffMs },
    },
  });
}

export function createQueues(connection: ConnectionOptions, prefix: string, backoffMs?: number): Record<QueueName, Queue> {
  return Object.fromEntries(QUEUE_NAMES.map((n) => [n, createQueue(n, connection, prefix, backoffMs)])) as Record<QueueName, Queue>;
}
