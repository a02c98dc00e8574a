import { createMiddleware } from 'hono/factory';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { findSignedInStaff } from '../../modules/staff/find-signed-in-staff.ts';
import type { Env } from '../types.ts';

export const SESSION_COOKIE = 'hb_session';

/** Whether cookies are marked Secure (SECURE_COOKIES, or `auto`: when the request came over TLS). */
export function secure(c: Context<Env>): boolean {
  const setting = c.var.deps.config.SECURE_COOKIES;
  if (setting !== 'auto') return setting === 'true';
  // Behind TLS (directly or via a proxy that says so) the cookie is marked Secure.
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookie(c: Context<Env>, token: string, expires: Date) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/', expires });
}

export function clearSessionCookie(c: Context<Env>) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
}

/** Loads the signed-in staff member, if any, from the session cookie. */
export const loadSession = createMiddleware<Env>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const found = await findSignedInStaff(c.var.em, token, c.var.now);
    if (found) {
      c.set('sessionToken', token);
      c.set('csrfToken', found.csrfToken);
      c.set('staff', found.staff);
    }
  }
  await next();
});
