import type { Context } from 'hono';
import { assertNoNul } from './middleware/nul.ts';

export type FormData = Record<string, string | string[] | File>;

/**
 * Reads a url-encoded or multipart body once per request. Repeated names (checkbox lists)
 * become arrays; a hidden "0" followed by a ticked checkbox's "1" keeps the last value.
 */
export async function readForm(c: Context): Promise<FormData> {
  const cached = c.get('form' as never) as FormData | undefined;
  if (cached) return cached;
  const body = await c.req.parseBody({ all: true }).catch(() => ({}));
  const form: FormData = {};
  for (const [key, value] of Object.entries(body))
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') assertNoNul(key, v);
  for (const [key, value] of Object.entries(body)) {
    if (key.endsWith('[]')) {
      form[key.slice(0, -2)] = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    } else if (Array.isArray(value)) {
      const last = value[value.length - 1];
      if (last !== undefined) form[key] = last;
    } else {
      form[key] = value;
    }
  }
  c.set('form' as never, form as never);
  return form;
}

/** Only the string fields, for schemas. */
export function fields(form: FormData): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string' || Array.isArray(v))) as Record<
    string,
    string | string[]
  >;
}

/**
 * An htmx request that wants a fragment. NOTE: boosted links and forms (and the redirects they
 * follow, which keep the headers) want the whole page, as does a history restore.
 */
export function isHtmx(c: Context): boolean {
  return (
    c.req.header('hx-request') === 'true' && c.req.header('hx-boosted') !== 'true' && c.req.header('hx-history-restore-request') !== 'true'
  );
}

/** `options[plan]=x` fields become `{ plan: 'x' }`. */
export function nested(form: FormData, group: string): Record<string, string> {
  const out: Record<string, string> = {};
  const prefix = `${group}[`;
  for (const [key, value] of Object.entries(form)) {
    if (key.startsWith(prefix) && key.endsWith(']') && typeof value === 'string') out[key.slice(prefix.length, -1)] = value;
  }
  return out;
}

/**
 * The ids a checklist sent (`name[]`), as numbers; junk left out. A refused save shows these ticks
 * again, not the stored ones, so nothing the staff member chose is lost.
 */
export function tickedIds(form: Record<string, string | string[]>, name: string): number[] {
  const sent = form[name];
  return (Array.isArray(sent) ? sent : [sent ?? ''])
    .filter((v) => /^\d{1,10}$/.test(v))
    .map(Number)
    .filter((n) => n > 0 && n <= 2_147_483_647);
}
