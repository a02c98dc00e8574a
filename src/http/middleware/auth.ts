import { createMiddleware } from 'hono/factory';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { getSecuritySettings } from '../../modules/settings/security-settings.ts';
import type { Env } from '../types.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const ENROL_PATH = '/admin/account/two-factor';
/** Every member, read-only support included, manages their own sign-in and tokens. */
const OWN_ACCOUNT = /^\/admin\/account(\/|$)/;

/** Staff pages: signed-out visitors go to sign-in; `support` may only read (but their own account). */
export const requireStaff = createMiddleware<Env>(async (c, next) => {
  const staff = c.var.staff;
  if (!staff) {
    const back = new URL(c.req.url).pathname;
    const to = `/admin/sign-in?next=${encodeURIComponent(back)}`;
    if (c.req.header('hx-request') === 'true') return c.body(null, 401, { 'HX-Redirect': to });
    return SAFE.has(c.req.method) ? c.redirect(to) : c.text('Sign in first.', 401);
  }
  // NOTE: with two-factor sign-in required, a member without it can only turn it on (or sign
  // out): every other page sends them there. Their own writes there are allowed whatever the role.
  if (staff.twoFactor === false && !c.req.path.startsWith(ENROL_PATH) && (await getSecuritySettings(c.var.em)).requireTwoFactor) {
    if (c.req.header('hx-request') === 'true') return c.body(null, 403, { 'HX-Redirect': ENROL_PATH });
    return SAFE.has(c.req.method) ? c.redirect(ENROL_PATH) : c.text('Turn on two-factor sign-in first.', 403);
  }
  if (!SAFE.has(c.req.method) && !canWrite(staff.role) && !OWN_ACCOUNT.test(c.req.path)) {
    return c.text('Your role (support) can view but not change anything.', 403);
  }
  return next();
});
