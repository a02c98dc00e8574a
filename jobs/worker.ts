import { announce, log } from '../src/observability/log.ts';
import { REQUEST_ID_FIELD } from '../src/queue/outbox-job-id.ts';
import { Worker, type Job, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config.ts';
import type { Orm } from '../src/db/orm.ts';
import type { MailTransport } from '../src/modules/mail/transport.ts';
import { chooseTransport } from '../src/modules/mail/choose-transport.ts';
import { createQueues, type QueueName } from '../src/queue/queues.ts';
import { createRelay } from '../src/queue/relay.ts';
import type { WorkerContext } from './context.ts';
import { mailProcessor } from './mail.processor.ts';
import { maintenanceProcessor } from './maintenance.processor.ts';
import { provisioningProcessor } from './provisioning.processor.ts';
import { inventoryProcessor } from './inventory.processor.ts';
import { billingProcessor } from './billing.processor.ts';
import { registerSchedulers, restoreSchedulers, schedulesFor } from './schedulers.ts';
import { watchOutboxJobs } from './outbox-events.ts';
import { createWorkerMetrics, type WorkerMetrics } from '../src/observability/metrics.ts';
import { recordedOutbox } from './run-job.ts';

/** A job's log fields: the request that caused it (carried on its data), its queue, name and id. */
function jobLine(queue: string, job: Job | undefined) {
  const requestId = (job?.data as Record<string, unknown> | undefined)?.[REQUEST_ID_FIELD];
  return { queue, job: `${job?.name}#${job?.id}`, ...(typeof requestId === 'string' ? { requestId } : {}) };
}

/** A finished attempt into the worker's metrics (BullMQ stamps when it started and ended). */
function timeJob(metrics: WorkerMetrics, queue: string, job: Job, outcome: 'completed' | 'failed') {
  const labels = { queue, job: job.name, outcome };
  metrics.attempts.inc(labels);
  if (job.processedOn && job.finishedOn) metrics.jobs.observe(labels, Math.max(0, job.finishedOn - job.processedOn) / 1000);
}

const processors: Record<QueueName, (ctx: WorkerContext) => Processor> = {
  provisioning: provisioningProcessor,
  mail: mailProcessor,
  inventory: inventoryProcessor,
  billing: billingProcessor,
  maintenance: maintenanceProcessor,
};

export interface RunningWorker {
  queues: QueueName[];
  workers: Worker[];
  /** What /metrics on the health port shows. */
  metrics: WorkerMetrics;
  /** Finishes the jobs in hand (or hands them back) and disconnects. */
  close(): Promise<void>;
}

export async function startWorkers(opts: {
  orm: Orm;
  config: Config;
  redis: Redis;
  queues: QueueName[];
  mail?: MailTransport;
  processMetrics?: boolean;
  workGauges?: boolean;
}): Promise<RunningWorker> {
  const { orm, config, redis } = opts;
  // Producers for every queue: the outbox sweep may enqueue work this worker does not serve.
  const queues = createQueues(redis, config.QUEUE_PREFIX, config.JOB_BACKOFF_MS);
  const chosen = opts.mail ? { transport: opts.mail, line: null } : chooseTransport(config, () => orm.em.fork());
  const mail = chosen.transport;
  // Where mail goes, said once at start-up: without SMTP_URL, where to read it instead.
  if (chosen.line && opts.queues.includes('mail')) announce.info(chosen.line);
  const metrics = createWorkerMetrics(
    { orm, queues: Object.values(queues) },
    { processMetrics: opts.processMetrics, workGauges: opts.workGauges },
  );
  const ctx: WorkerContext = { orm, config, mail, relay: createRelay(orm, queues, { retryMs: config.OUTBOX_RETRY_MS }) };
  const schedules = schedulesFor(opts.queues, config);
  await registerSchedulers(queues, schedules);
  // Repeating jobs live only in Redis: a flushed or replaced Redis would silently stop them, so
  // every worker checks for them on an interval and whenever its connection comes back.
  // Timers and event emitters ignore what a listener returns: the check reports its own failure.
  const restore = (): void => {
    void restoreSchedulers(queues, schedules)
      .then((ids) => ids.length && log.warn({ schedules: ids }, 'repeating jobs registered again'))
      .catch((err: Error) => log.error({ err: err.message }, 'could not check the repeating jobs'));
  };
  const checker = setInterval(restore, config.SCHEDULE_CHECK_MS);
  checker.unref();
  redis.on('ready', restore);
  const connections = opts.queues.map(() => redis.duplicate());
  const workers = opts.queues.map(
    (name, i) =>
      new Worker(name, processors[name](ctx), {
        connection: connections[i]!,
        prefix: config.QUEUE_PREFIX,
        concurrency: config.WORKER_CONCURRENCY,
        // A worker that dies mid-job (SIGKILL, power loss) loses its lock after this long; the
        // job is then seen as stalled and handed to another worker.
        lockDuration: config.WORKER_LOCK_MS,
        stalledInterval: config.WORKER_LOCK_MS,
      }),
  );
  for (const w of workers) {
    watchOutboxJobs(w, orm);
    // A job may have recorded follow-up work (a welcome email after provisioning): relay it now.
    // Only then: a kick is a statement, and most jobs (every sent email) record nothing.
    w.on('completed', (job) => {
      if (recordedOutbox.has(job)) ctx.relay.kick();
      timeJob(metrics, w.name, job, 'completed');
      // Repeating jobs (sweeps, scans) run every few seconds: their lines are for debugging.
      const level = String(job.id).startsWith('repeat:') ? 'debug' : 'info';
      log[level](
        { ...jobLine(w.name, job), ms: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : undefined },
        'job done',
      );
    });
    w.on('failed', (job) => job && timeJob(metrics, w.name, job, 'failed'));
    w.on('failed', (job, err) => log.warn({ ...jobLine(w.name, job), attempt: job?.attemptsMade, err: err.message }, 'job failed'));
    w.on('error', (err) => log.error({ queue: w.name, err: err.message }, 'worker error'));
  }
  return {
    queues: opts.queues,
    workers,
    metrics,
    async close() {
      clearInterval(checker);
      redis.off('ready', restore);
      await Promise.all(workers.map((w) => w.close()));
      // BullMQ leaves a connection it was given open; these are ours to close.
      for (const c of connections) c.disconnect();
      await ctx.relay.idle();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      if (!opts.mail) mail.close();
    },
  };
}
