import { pickUiLanguage } from '../../i18n/pick-language.ts';
import { withLanguage } from '../../i18n/locale.ts';
import { storeDefaultLanguage } from '../../modules/settings/list-languages.ts';
import { createMiddleware } from 'hono/factory';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { findSignedInClient } from '../../modules/clients/find-signed-in-client.ts';
import { safeEqual } from '../../modules/shared/tokens.ts';
import type { Env } from '../types.ts';

/** Clients have their own cookie, so a staff member who is also a client has two separate sessions. */
export const CLIENT_COOKIE = 'hb_client';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

// NOTE: the same rule as the staff cookie (middleware/session.ts): Secure behind TLS.
function secure(c: Context<Env>): boolean {
  const setting = c.var.deps.config.SECURE_COOKIES;
  if (setting !== 'auto') return setting === 'true';
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function setClientCookie(c: Context<Env>, token: string, expires: Date) {
  setCookie(c, CLIENT_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/', expires });
}

export function clearClientCookie(c: Context<Env>) {
  deleteCookie(c, CLIENT_COOKIE, { path: '/', secure: secure(c) });
}

/** Loads the signed-in client, if any; sets the session and CSRF token the way the admin does. */
export const loadClientSession = createMiddleware<Env>(async (c, next) => {
  c.set('client', null);
  const token = getCookie(c, CLIENT_COOKIE);
  if (token) {
    const found = await findSignedInClient(c.var.em, token, c.var.now);
    if (found) {
      c.set('sessionToken', token);
      c.set('csrfToken', found.csrfToken);
      c.set('client', found.client);
    }
  }
  // Every client-facing page (client area, store, cart, pay) is rendered in the client's language.
  const language = pickUiLanguage({
    profile: c.var.client?.language,
    acceptLanguage: c.req.header('accept-language'),
    storeDefault: await storeDefaultLanguage(c.var.em),
  });
  c.header('Content-Language', language);
  c.header('Vary', 'Accept-Language', { append: true });
  await withLanguage(language, next);
});

/**
 * The session's CSRF token on every signed-in write: the X-CSRF-Token header (htmx) or the
 * `_csrf` form field. NOTE: unlike the admin's check, it reads only `_csrf` from the raw body,
 * so a NUL typed into another field reaches the form and is shown next to that field.
 */
export const clientCsrf = createMiddleware<Env>(async (c, next) => {
  if (SAFE.has(c.req.method) || !c.var.sessionToken) return next();
  const expected = c.var.csrfToken ?? '';
  let sent = c.req.header('x-csrf-token') ?? '';
  if (!sent && (c.req.header('content-type') ?? '').includes('form')) {
    const body = await c.req.parseBody({ all: true }).catch((): Record<string, unknown> => ({}));
    const field = body._csrf;
    sent = typeof field === 'string' ? field : '';
  }
  if (!expected || !sent || !safeEqual(sent, expected)) {
    return c.text('This form has expired. Reload the page and try again.', 403);
  }
  return next();
});

/** Client pages: signed-out visitors go to the client sign-in, remembering where they were going. */
export const requireClient = createMiddleware<Env>(async (c, next) => {
  if (c.var.client) return next();
  const to = `/account/sign-in?next=${encodeURIComponent(new URL(c.req.url).pathname)}`;
  if (c.req.header('hx-request') === 'true') return c.body(null, 401, { 'HX-Redirect': to });
  return SAFE.has(c.req.method) ? c.redirect(to) : c.text('Sign in first.', 401);
});
