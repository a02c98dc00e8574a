import { Redis } from 'ioredis';
import { createApp } from '../../src/app.ts';
import type { QueueName } from '../../src/queue/queues.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { startWorkers } from '../../jobs/worker.ts';
import type { TestApp } from './app.ts';

/**
 * The test app with its background behind it, as in production: workers for `queues` and an app
 * whose writes hand their outbox rows to the queues at once. Its queue keys live under the test
 * app's QUEUE_PREFIX (make the app with a prefix of its own) and are removed by `close`.
 */
export async function startBackground(t: TestApp, queues: QueueName[]) {
  const prefix = t.config.QUEUE_PREFIX;
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const worker = await startWorkers({ orm: t.orm, config: t.config, redis, queues });
  const relay = createRelay(t.orm, createQueues(redis, prefix, 100));
  return {
    app: createApp({ orm: t.orm, config: t.config, relay }),
    relay,
    async close() {
      await worker.close();
      await relay.idle();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

export type Background = Awaited<ReturnType<typeof startBackground>>;
