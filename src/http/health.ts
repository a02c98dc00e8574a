import { Hono } from 'hono';
import type { AppDeps } from './types.ts';

/** /healthz: the process answers. /readyz: its database (and Redis, if it uses one) answer too. */
export function healthRoutes(deps: AppDeps) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const checks: Record<string, string> = {};
      try {
        await deps.orm.em.getConnection().execute('select 1');
        checks.database = 'ok';
      } catch (err) {
        checks.database = (err as Error).message;
      }
      if (deps.pingRedis) {
        try {
          await deps.pingRedis();
          checks.redis = 'ok';
        } catch (err) {
          checks.redis = (err as Error).message;
        }
      }
      const ok = Object.values(checks).every((v) => v === 'ok');
      return c.json({ status: ok ? 'ok' : 'unavailable', checks }, ok ? 200 : 503);
    });
}
