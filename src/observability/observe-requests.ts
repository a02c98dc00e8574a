import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Histogram } from 'prom-client';
import { log, withLogContext } from './log.ts';

/** A caller's X-Request-Id is kept when it looks like one (a proxy's or a load balancer's id). */
const GIVEN_ID = /^[\w.:-]{8,100}$/;

/** The caller's X-Request-Id when it looks like one, else a new id. */
export const requestIdFor = (given: string | null | undefined): string => (given && GIVEN_ID.test(given) ? given : randomUUID());

const lineOf = (method: string, route: string, status: number, seconds: number) => ({
  method,
  route,
  status,
  ms: Math.round(seconds * 10_000) / 10,
});

/**
 * First of every request: gives it an id (X-Request-Id in and out) that every log line of the
 * request carries, times it into `histogram`, and logs one line when it is answered.
 * NOTE: labelled and logged by the route's pattern ("/admin/clients/:id"), never the path: ids
 * would make a series per client, and a path can hold a token (a password-reset link).
 */
export function observeRequests(histogram: Histogram<'method' | 'route' | 'status'>): MiddlewareHandler {
  return async (c, next) => {
    const requestId = requestIdFor(c.req.header('x-request-id'));
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
        try {
          c.res.headers.set('x-request-id', requestId);
        } catch {
          // A response whose headers are fixed (a proxied one) goes without.
        }
        const line = lineOf(c.req.method, route, status, seconds);
        if (status >= 500) log.error(line, 'request failed');
        else log.info(line, 'request');
      }
    });
  };
}

/**
 * observeRequests' part for an answer sent before routing (a store page from memory): timed into
 * the same histogram under its route's pattern, and logged at debug.
 * NOTE: such pages are most of a sale's traffic and tell nothing beyond their count and time,
 * which the histogram keeps: a line each would cost a third of the throughput and bury every
 * other line. LOG_LEVEL=debug shows them.
 */
export function observeAnswered(histogram: Histogram<'method' | 'route' | 'status'>) {
  return (answer: { method: string; route: string; status: number; requestId: string }, start: number): void => {
    const seconds = (performance.now() - start) / 1000;
    histogram.observe({ method: answer.method, route: answer.route, status: String(answer.status) }, seconds);
    if (log.isLevelEnabled('debug'))
      log.debug({ requestId: answer.requestId, ...lineOf(answer.method, answer.route, answer.status, seconds) }, 'request');
  };
}
