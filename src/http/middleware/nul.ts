import { createMiddleware } from 'hono/factory';
import { DomainError, NotFound } from '../../modules/shared/errors.ts';

/** PostgreSQL text cannot hold NUL; refuse it at the door (422), rather than fail in the driver. */
export const NUL_MESSAGE = 'Remove the NUL character (\\0) from this value.';

export function assertNoNul(key: string, value: string) {
  if (value.includes('\u0000')) throw new DomainError(NUL_MESSAGE, key);
}

/**
 * A query value with NUL is refused as bad input (422). A staff or API path with NUL names nothing
 * there can be (a currency code, a language, a template's event), so it is not found (404) before
 * any route hands it to a query. NOTE: the store's and the client area's paths are left to their
 * routes, which check a slug's shape and answer in the client's layout and language.
 */
export const refuseNul = createMiddleware(async (c, next) => {
  const url = new URL(c.req.url);
  if (url.pathname.includes('%00') && /^\/(?:api|admin)(?:\/|$)/.test(url.pathname)) throw new NotFound('That page');
  for (const [key, value] of url.searchParams) assertNoNul(key, value);
  await next();
});
