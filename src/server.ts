import { announce } from './observability/log.ts';
import { serve, type ServerType } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { createApp } from './app.ts';
import { attachCache, ChangeCache } from './db/cache.ts';
import { ChangeFeed } from './db/change-feed.ts';
import type { Config } from './config.ts';
import type { Orm } from './db/orm.ts';
import { createQueues } from './queue/queues.ts';
import { createRelay } from './queue/relay.ts';
import { createWebMetrics } from './observability/metrics.ts';

export async function startWeb(opts: { orm: Orm; config: Config; redis?: Redis; workerMetrics?: Registry }): Promise<ServerType> {
  // Currencies, settings, token lookups and the public store pages are served from memory,
  // kept right by the database's change feed.
  const listenUrl = opts.config.LISTEN_DATABASE_URL ?? opts.config.DATABASE_URL;
  const feed = listenUrl === 'off' ? undefined : new ChangeFeed(listenUrl);
  if (feed) {
    attachCache(opts.orm.em, new ChangeCache(feed));
    await feed.start();
  }
  const queues = opts.redis ? createQueues(opts.redis, opts.config.QUEUE_PREFIX, opts.config.JOB_BACKOFF_MS) : undefined;
  const relay = queues ? createRelay(opts.orm, queues) : undefined;
  const queueList = queues ? Object.values(queues) : undefined;
  const metrics = createWebMetrics({ orm: opts.orm, queues: queueList }, { processMetrics: true, alongside: opts.workerMetrics });
  const app = createApp({
    orm: opts.orm,
    config: opts.config,
    pingRedis: opts.redis ? () => opts.redis!.ping() : undefined,
    relay,
    queues: queueList,
    metrics,
  });
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port: opts.config.PORT, hostname: opts.config.HOST }, (info) => {
      announce.info(
        { port: info.port },
        `Web listening on http://${info.address === '0.0.0.0' ? 'localhost' : info.address}:${info.port}/admin`,
      );
      resolve(server);
    });
    server.once('close', () => void feed?.stop());
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${opts.config.PORT} is already in use; set PORT to another.`) : err),
    );
  });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
