import { log } from '../src/observability/log.ts';
import { openDatabase, openRedis, runMain } from '../src/boot.ts';
import { seedDemo, DEMO_OWNER } from '../src/db/seeders/demo.ts';
import { QUEUE_NAMES } from '../src/queue/queues.ts';
import { closeServer, startWeb } from '../src/server.ts';
import { startWorkers } from './worker.ts';

// The quickstart: migrate, seed an empty database, then web and a worker in one process.
runMain(async (config) => {
  const orm = await openDatabase(config, { migrate: true, create: true });
  if (await seedDemo(orm.em.fork(), config.APP_SECRET)) {
    log.info(`Demo data added. Sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
  }
  const redis = await openRedis(config);
  const running = await startWorkers({ orm, config, redis, queues: [...QUEUE_NAMES], workGauges: false });
  // One process, one /metrics page: the web's, with the worker's job timings.
  const server = await startWeb({ orm, config, redis, workerMetrics: running.metrics.registry });
  const stop = async () => {
    await closeServer(server);
    await running.close();
    await orm.close();
    redis.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
});
