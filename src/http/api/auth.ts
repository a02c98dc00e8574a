import { createMiddleware } from 'hono/factory';
import { findStaffByToken } from '../../modules/staff/find-staff-by-token.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import type { Env } from '../types.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const problem = (status: 401 | 403, message: string) => ({ error: { status, message } });

/**
 * Staff bearer tokens. NOTE: no cookies are read here, so cross-site requests carry no
 * credentials and the API needs no CSRF token.
 */
export const requireApiToken = createMiddleware<Env>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const staff = m ? await findStaffByToken(c.var.em, m[1]!, c.var.now) : null;
  if (!staff) {
    c.header('WWW-Authenticate', 'Bearer');
    return c.json(problem(401, m ? 'That API token is not valid.' : 'Send a staff API token: Authorization: Bearer <token>.'), 401);
  }
  c.set('staff', { id: staff.id, email: staff.email, name: staff.name, role: staff.role });
  if (!SAFE.has(c.req.method) && !canWrite(staff.role)) {
    return c.json(problem(403, 'This token belongs to a support account, which can read but not change anything.'), 403);
  }
  return next();
});
