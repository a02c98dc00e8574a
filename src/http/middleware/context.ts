import { createMiddleware } from 'hono/factory';
import type { AppDeps, Env } from '../types.ts';

/** A fresh EntityManager and one clock reading per request. */
export const requestContext = (deps: AppDeps) =>
  createMiddleware<Env>(async (c, next) => {
    c.set('deps', deps);
    c.set('em', deps.orm.em.fork());
    c.set('now', deps.now ? deps.now() : new Date());
    c.set('staff', null);
    c.set('sessionToken', null);
    c.set('csrfToken', null);
    await next();
  });
