import { Queue, type ConnectionOptions } from 'bullmq';

// Producers only. Queue names are nouns; job names are kebab-case verbs; payloads carry ids only.

export const QUEUE_NAMES = ['maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const JOBS = {
  purgeExpiredSessions: 'purge-expired-sessions',
} as const;

export interface JobPayloads {
  [JOBS.purgeExpiredSessions]: Record<string, never>;
}

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

export function createQueue(name: QueueName, connection: ConnectionOptions, prefix: string) {
  return new Queue(name, { connection, prefix, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 } });
}
