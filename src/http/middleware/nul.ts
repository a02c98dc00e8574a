import { createMiddleware } from 'hono/factory';
import { DomainError } from '../../modules/shared/errors.ts';

/** PostgreSQL text cannot hold NUL; refuse it at the door (422), rather than fail in the driver. */
export const NUL_MESSAGE = 'Remove the NUL character (\\0) from this value.';

export function assertNoNul(key: string, value: string) {
  if (value.includes('\u0000')) throw new DomainError(NUL_MESSAGE, key);
}

export const refuseNulInQuery = createMiddleware(async (c, next) => {
  const url = new URL(c.req.url);
  for (const [key, value] of url.searchParams) assertNoNul(key, value);
  await next();
});
