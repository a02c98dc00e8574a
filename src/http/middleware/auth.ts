import { createMiddleware } from 'hono/factory';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import type { Env } from '../types.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Staff pages: signed-out visitors go to sign-in; `support` may only read. */
export const requireStaff = createMiddleware<Env>(async (c, next) => {
  const staff = c.var.staff;
  if (!staff) {
    const back = new URL(c.req.url).pathname;
    const to = `/admin/sign-in?next=${encodeURIComponent(back)}`;
    if (c.req.header('hx-request') === 'true') return c.body(null, 401, { 'HX-Redirect': to });
    return SAFE.has(c.req.method) ? c.redirect(to) : c.text('Sign in first.', 401);
  }
  if (!SAFE.has(c.req.method) && !canWrite(staff.role)) {
    return c.text('Your role (support) can view but not change anything.', 403);
  }
  return next();
});
