import { serve } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { Orm } from '../src/db/orm.ts';
import { healthRoutes } from '../src/http/health.ts';

/** /healthz and /readyz for a worker process, on a port of its own. */
export function startHealthServer(opts: { orm: Orm; redis: Redis; port: number }) {
  const app = healthRoutes({ orm: opts.orm, config: undefined as never, pingRedis: () => opts.redis.ping() });
  return new Promise<{ close(): void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: '0.0.0.0' }, () => resolve({ close: () => server.close() }));
  });
}
