import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import { doneById, type OutboxDone } from '../src/modules/outbox/outbox-state.ts';
import { watchOutboxWrites } from '../src/modules/outbox/record-outbox.ts';
import { JOB, type JobKey, type Payload } from '../src/queue/jobs.ts';
import { parseOutboxJobId, REQUEST_ID_FIELD } from '../src/queue/outbox-job-id.ts';
import { withLogContext } from '../src/observability/log.ts';
import type { QueueName } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

/** What a handler gets besides its payload. */
export interface JobRun {
  ctx: WorkerContext;
  job: Job;
  /** For work from the outbox: closes its row inside the action's own transaction. */
  done?: OutboxDone;
}

type QueueJobs<Q extends QueueName> = { [K in JobKey]: (typeof JOB)[K]['queue'] extends Q ? K : never }[JobKey];
export type Handlers<Q extends QueueName> = { [K in QueueJobs<Q>]: (payload: Payload<K>, run: JobRun) => Promise<unknown> };

/** Jobs that recorded outbox rows: the worker kicks the relay after these only. */
export const recordedOutbox = new WeakSet<Job>();

/** The `done` each outbox job was given: once used, its row is closed and the 'completed' event need not close it. */
export const outboxDoneOf = new WeakMap<Job, OutboxDone>();

/**
 * The one processor shape every queue uses: finds the job in the catalog by name, parses its
 * payload with the catalog's schema, and hands the outbox row's `done` to the handler.
 * NOTE: a name or payload the catalog does not know can never succeed: it fails for good
 * (UnrecoverableError) instead of being retried.
 */
export function processorFor<Q extends QueueName>(queue: Q, handlers: Handlers<Q>) {
  const byName = new Map(
    Object.entries(JOB)
      .filter(([, def]) => def.queue === queue)
      .map(([key, def]) => [def.name, key as QueueJobs<Q>]),
  );
  return (ctx: WorkerContext): Processor =>
    async (job: Job) => {
      const key = byName.get(job.name);
      if (!key) throw new UnrecoverableError(`No processor for job "${job.name}" on the ${queue} queue.`);
      const { [REQUEST_ID_FIELD]: requestId, ...data } = (job.data ?? {}) as Record<string, unknown>;
      const parsed = JOB[key].payload.safeParse(data);
      if (!parsed.success)
        throw new UnrecoverableError(
          `Job "${job.name}" has a payload it cannot run: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ')}.`,
        );
      const row = parseOutboxJobId(job.id);
      const handler = handlers[key] as (payload: unknown, run: JobRun) => Promise<unknown>;
      const done = row ? doneById(row.id, new Date()) : undefined;
      if (done) outboxDoneOf.set(job, done);
      // Its lines (and the outbox rows it records) carry the id of the request that caused it, else its own.
      const logContext = {
        requestId: typeof requestId === 'string' ? requestId : `job-${job.id ?? job.name}`,
        job: `${job.name}#${job.id ?? ''}`,
      };
      const { value, recorded } = await withLogContext(logContext, () => watchOutboxWrites(() => handler(parsed.data, { ctx, job, done })));
      if (recorded) recordedOutbox.add(job);
      return value;
    };
}
