import { serve } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { Orm } from '../src/db/orm.ts';
import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { healthRoutes } from '../src/http/health.ts';
import { metricsRoutes } from '../src/observability/metrics-routes.ts';

/** /healthz, /readyz and /metrics (with METRICS_TOKEN) for a worker process, on a port of its own. */
export function startHealthServer(opts: { orm: Orm; redis: Redis; port: number; metrics?: Registry; metricsToken?: string }) {
  const app = new Hono()
    .route('/', healthRoutes({ orm: opts.orm, config: undefined as never, pingRedis: () => opts.redis.ping() }))
    .route('/', metricsRoutes(opts.metrics ?? new Registry(), opts.metricsToken));
  return new Promise<{ close(): void; port: number }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: '0.0.0.0' }, (info) =>
      resolve({ close: () => server.close(), port: info.port }),
    );
  });
}
