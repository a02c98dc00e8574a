import { Hono } from 'hono';
import { SignInPage } from '../../../views/admin/sign-in.tsx';
import { signInStaff } from '../../modules/staff/sign-in-staff.ts';
import { endSession } from '../../modules/auth/end-session.ts';
import { signInInput } from '../../modules/staff/staff.schemas.ts';
import { parseInput } from '../../modules/shared/validation.ts';
import { clearSessionCookie, setSessionCookie } from '../middleware/session.ts';
import { fields, readForm } from '../form.ts';
import { attempt } from '../respond.ts';
import type { Env } from '../types.ts';

/** Only same-site paths under /admin, so ?next= cannot send staff elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-/]*)?$/.test(next) ? next : '/admin/packages';
}

export const sessionRoutes = new Hono<Env>()
  .get('/sign-in', (c) => {
    if (c.var.staff) return c.redirect(safeNext(c.req.query('next')));
    return c.html(<SignInPage next={c.req.query('next')} />);
  })
  .post('/sign-in', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(async () => {
      const input = parseInput(signInInput, form);
      return signInStaff(c.var.em, input, c.var.now, c.var.sessionToken ?? undefined);
    });
    if (!result.ok) {
      const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
      return c.html(<SignInPage email={email} next={String(form.next ?? '')} errors={result.errors} />, 422);
    }
    setSessionCookie(c, result.value.token, result.value.expiresAt);
    return c.redirect(safeNext(form.next), 303);
  })
  .post('/sign-out', async (c) => {
    if (c.var.sessionToken) await endSession(c.var.em, c.var.sessionToken);
    clearSessionCookie(c);
    return c.redirect('/admin/sign-in', 303);
  });
