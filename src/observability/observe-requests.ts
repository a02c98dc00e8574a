import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Histogram } from 'prom-client';
import { log, withLogContext } from './log.ts';

/** A caller's X-Request-Id is kept when it looks like one (a proxy's or a load balancer's id). */
const GIVEN_ID = /^[\w.:-]{8,100}$/;

/**
 * First of every request: gives it an id (X-Request-Id in and out) that every log line of the
 * request carries, times it into `histogram`, and logs one line when it is answered.
 * NOTE: labelled and logged by the route's pattern ("/admin/clients/:id"), never the path: ids
 * would make a series per client, and a path can hold a token (a password-reset link).
 */
export function observeRequests(histogram: Histogram<'method' | 'route' | 'status'>): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given && GIVEN_ID.test(given) ? given : randomUUID();
    const start = performance.now();
    c.set('requestId', requestId);
    await withLogContext({ requestId }, async () => {
      try {
        await next();
      } finally {
        const path = matchedRoutes(c)[c.req.routeIndex]?.path;
        const route = !path || path === '*' || path === '/*' ? 'unmatched' : path;
        const seconds = (performance.now() - start) / 1000;
        const status = c.res.status;
        histogram.observe({ method: c.req.method, route, status: String(status) }, seconds);
        // A page sent from memory has it among its headers already (and reading them here would
        // turn its plain header object into a Headers one).
        if (c.get('servedFromMemory') !== true) {
          try {
            c.res.headers.set('x-request-id', requestId);
          } catch {
            // A response whose headers are fixed (a proxied one) goes without.
          }
        }
        const line = { method: c.req.method, route, status, ms: Math.round(seconds * 10_000) / 10 };
        if (status >= 500) log.error(line, 'request failed');
        // NOTE: a store page sent from memory is most of a sale's traffic and tells nothing
        // beyond its count and time, which the histogram keeps: a line each would cost a third
        // of the throughput and bury every other line. LOG_LEVEL=debug shows them.
        else if (c.get('servedFromMemory') === true) log.debug(line, 'request');
        else log.info(line, 'request');
      }
    });
  };
}
