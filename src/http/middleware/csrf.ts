import { createMiddleware } from 'hono/factory';
import { csrf } from 'hono/csrf';
import { safeEqual } from '../../modules/shared/tokens.ts';
import type { Env } from '../types.ts';
import { readForm } from '../form.ts';
import { DomainError } from '../../modules/shared/errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Two defences for cookie-authenticated writes: the Origin must be ours (hono/csrf), and the
 * request must carry the session's token, as a form field or the header htmx sends.
 */
export const originCheck = csrf();

export const csrfToken = createMiddleware<Env>(async (c, next) => {
  if (SAFE.has(c.req.method) || !c.var.sessionToken) return next();
  // The queue dashboard's own fetches carry no token. They are never form posts: a cross-site
  // page can only send those (or body-less requests) without a CORS preflight, and the
  // SameSite=Lax cookie is not sent with its background requests.
  const type = c.req.header('content-type') ?? '';
  if (c.req.path.startsWith('/admin/queues/') && !/form|text\/plain/.test(type)) return next();
  const expected = c.var.csrfToken ?? '';
  let sent = c.req.header('x-csrf-token') ?? '';
  if (!sent) {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('form')) {
      // NOTE: a form with a NUL in a field is still checked here; its route shows the refusal
      // next to that field (formInput), with what was typed, rather than an error page.
      const field = await readForm(c).then(
        (form) => form._csrf,
        async (err: unknown) => {
          if (!(err instanceof DomainError)) throw err;
          return ((await c.req.parseBody({ all: true })) as Record<string, unknown>)._csrf;
        },
      );
      sent = typeof field === 'string' ? field : '';
    }
  }
  if (!expected || !sent || !safeEqual(sent, expected)) {
    return c.text('This form has expired. Reload the page and try again.', 403);
  }
  return next();
});
