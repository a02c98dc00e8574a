import type { Context } from 'hono';
import { DomainError } from '../../modules/shared/errors.ts';
import { assertNoNul } from '../middleware/nul.ts';

const MAX_DEPTH = 20;

/** Refuses NUL in any string, and bodies nested deeper than any route needs. */
function walk(value: unknown, path: string, depth = 0) {
  if (depth > MAX_DEPTH) throw new DomainError('The JSON is nested too deeply.', 'body');
  if (typeof value === 'string') assertNoNul(path || 'body', value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, depth + 1);
}

/** The request body as an object; anything else is a 422 with a plain message, never a 500. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) throw new DomainError('Send a JSON body with Content-Type: application/json.', 'body');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new DomainError('The body is not valid JSON.', 'body');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DomainError('Send a JSON object.', 'body');
  walk(body, '');
  return body as Record<string, unknown>;
}

/** A path id; anything that is not a positive 32-bit integer matches nothing. */
export function pathId(value: string | undefined): number {
  return /^\d{1,10}$/.test(value ?? '') && Number(value) <= 2_147_483_647 && Number(value) > 0 ? Number(value) : -1;
}
