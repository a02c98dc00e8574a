import { Worker, type Processor, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config.ts';
import type { Orm } from '../src/db/orm.ts';
import { createQueue, type QueueName } from '../src/queue/queues.ts';
import { maintenanceProcessor } from './maintenance.processor.ts';
import { registerSchedulers } from './schedulers.ts';

const processors: Record<QueueName, (orm: Orm) => Processor> = {
  maintenance: maintenanceProcessor,
};

export interface RunningWorker {
  queues: QueueName[];
  workers: Worker[];
  /** Finishes the jobs in hand (or hands them back) and disconnects. */
  close(): Promise<void>;
}

export async function startWorkers(opts: { orm: Orm; config: Config; redis: Redis; queues: QueueName[] }): Promise<RunningWorker> {
  const { orm, config, redis } = opts;
  const queues: Partial<Record<QueueName, Queue>> = {};
  for (const name of opts.queues) queues[name] = createQueue(name, redis, config.QUEUE_PREFIX);
  await registerSchedulers(queues);
  const workers = opts.queues.map(
    (name) =>
      new Worker(name, processors[name](orm), {
        connection: redis.duplicate(),
        prefix: config.QUEUE_PREFIX,
        concurrency: config.WORKER_CONCURRENCY,
      }),
  );
  for (const w of workers) {
    w.on('failed', (job, err) => console.error(`[${w.name}] job ${job?.name}#${job?.id} failed: ${err.message}`));
  }
  return {
    queues: opts.queues,
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
