import type { Context } from 'hono';
import { DomainError } from '../../modules/shared/errors.ts';
import { fields, readForm } from '../form.ts';
import type { Errors } from '../respond.ts';
import type { Env } from '../types.ts';

export type Fields = Record<string, string | string[]>;

/**
 * The form's string fields, and the NUL refusal as a field error instead of a thrown one, so
 * the page can show it next to the field with the other values kept (NULs removed).
 */
export async function formInput(c: Context): Promise<{ form: Fields; errors: Errors | null }> {
  try {
    return { form: fields(await readForm(c)), errors: null };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const body = (await c.req.parseBody({ all: true }).catch(() => ({}))) as Record<string, unknown>;
    const clean = (v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : '');
    const form: Fields = {};
    for (const [key, value] of Object.entries(body)) {
      if (key.endsWith('[]')) form[key.slice(0, -2)] = (Array.isArray(value) ? value : [value]).map(clean);
      else form[key] = clean(Array.isArray(value) ? value[value.length - 1] : value);
    }
    const errors: Errors = {};
    for (const [key, message] of Object.entries(err.fields)) errors[key.replace(/\[\]$/, '')] = message;
    return { form, errors };
  }
}

/** Where links in emails point: always PUBLIC_URL (it has a default outside production). */
export function baseUrlOf(c: Context<Env>): string {
  // NOTE: never the request's Host header: a forged one would send reset links elsewhere.
  return c.var.deps.config.PUBLIC_URL;
}
