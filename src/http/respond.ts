import type { Context } from 'hono';
import { DomainError, Conflict, NotFound } from '../modules/shared/errors.ts';
import type { Env } from './types.ts';
import { isHtmx } from './form.ts';
import { devInboxActive } from '../config.ts';

export type Errors = Record<string, string>;

/** Runs an action for a form: a broken rule becomes field errors to show, anything else is thrown. */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: Errors; status: 409 | 422 }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, errors: err.fields, status: 422 };
    if (err instanceof Conflict) return { ok: false, errors: { [err.field ?? '_']: err.message }, status: 409 };
    throw err;
  }
}

export function layoutProps(c: Context<Env>) {
  return { staff: c.var.staff, csrfToken: c.var.csrfToken, inbox: devInboxActive(c.var.deps.config) };
}

export function parseId(value: string | undefined): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 && /^\d+$/.test(value ?? '') ? n : -1;
}

/**
 * A GET of an address a form posts to (the browser reloading a refused form's answer) goes back
 * to the page the form is on; a junk id is a 404, never a redirect built from it.
 */
export const backToPageOf = (page: (id: number) => string) => (c: Context<Env>) => {
  const id = parseId(c.req.param('id'));
  if (id < 0) throw new NotFound('That page');
  return c.redirect(page(id), 303);
};

/**
 * After a successful form post. Boosted htmx forms follow the 303 inside the XHR and swap the
 * page they land on; without JavaScript the browser does the same. An htmx post that swaps a part
 * of the page (a panel's confirm button) is told to go there instead, or the page it lands on would
 * be swapped into the part.
 */
/**
 * The status of a part of a page answered to htmx: a refusal as 422, which htmx swaps (it swaps
 * no 409), so the part shown again with its fresh state replaces the stale one.
 */
export const swappedStatus = (status: 200 | 409 | 422): 200 | 422 => (status === 409 ? 422 : status);

export function redirectAfterPost(c: Context<Env>, to: string) {
  if (isHtmx(c)) return c.body(null, 200, { 'HX-Redirect': to });
  return c.redirect(to, 303);
}
