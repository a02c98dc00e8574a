import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';

/**
 * GET /metrics in Prometheus' text format, for a scraper that sends `Authorization: Bearer
 * <METRICS_TOKEN>`. Without a token configured there are no metrics (404): they tell outsiders
 * how busy the business is.
 */
export function metricsRoutes(registry: Registry, token: string | undefined) {
  return new Hono().get('/metrics', async (c) => {
    if (!token) return c.text('Not found.', 404);
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      return c.text('Send the metrics token as a bearer token.', 401, { 'www-authenticate': 'Bearer' });
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  });
}
