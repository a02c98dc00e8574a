import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Histogram } from 'prom-client';

/**
 * Times every request into `histogram`, labelled by the route's pattern ("/admin/clients/:id"),
 * never the path itself (ids would make a series per client); what matched no route is
 * "unmatched".
 */
export function timeRequests(histogram: Histogram<'method' | 'route' | 'status'>): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const path = matchedRoutes(c)[c.req.routeIndex]?.path;
      const route = !path || path === '*' || path === '/*' ? 'unmatched' : path;
      histogram.observe({ method: c.req.method, route, status: String(c.res.status) }, (performance.now() - start) / 1000);
    }
  };
}
