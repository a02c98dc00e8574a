import { announce } from '../src/observability/log.ts';
import { parseArgs } from 'node:util';
import { openDatabase, openRedis, runMain, StartupError } from '../src/boot.ts';
import { parseQueueList } from '../src/queue/queues.ts';
import { startWorkers } from './worker.ts';
import { startHealthServer } from './health.ts';
import { BILLING_FLAG, ensureV8Flags } from './v8-flags.ts';

// npm run worker -- --queues maintenance   (or WORKER_QUEUES=...); no list means every queue.
runMain(async (config) => {
  const { values } = parseArgs({ options: { queues: { type: 'string' }, 'health-port': { type: 'string' } }, strict: false });
  let queues;
  try {
    queues = parseQueueList(typeof values.queues === 'string' ? values.queues : config.WORKER_QUEUES);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  ensureV8Flags(queues);
  const orm = await openDatabase(config, { requireMigrated: true });
  const redis = await openRedis(config);
  const running = await startWorkers({ orm, config, redis, queues, processMetrics: true });
  const healthPort = typeof values['health-port'] === 'string' ? Number(values['health-port']) : undefined;
  const health = healthPort
    ? await startHealthServer({ orm, redis, port: healthPort, metrics: running.metrics.registry, metricsToken: config.METRICS_TOKEN })
    : undefined;
  announce.info(
    { queues, v8Flags: process.execArgv.filter((a) => a === BILLING_FLAG || a.startsWith('--max-semi-space-size')) },
    `Worker serving: ${queues.join(', ')}`,
  );
  const stop = async () => {
    announce.info('Stopping: finishing jobs in hand…');
    await running.close();
    health?.close();
    await orm.close();
    redis.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
});
