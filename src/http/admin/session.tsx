import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SignInPage } from '../../../views/admin/sign-in.tsx';
import { SignInCodePage } from '../../../views/admin/sign-in-code.tsx';
import { InvitePage } from '../../../views/admin/invite.tsx';
import { signInStaff } from '../../modules/staff/sign-in-staff.ts';
import { completeStaffSignIn } from '../../modules/staff/complete-staff-sign-in.ts';
import { acceptStaffInvite, checkStaffInvite } from '../../modules/staff/accept-staff-invite.ts';
import { CHALLENGE_MINUTES } from '../../modules/staff/rules/sign-in-challenge.ts';
import { endSession } from '../../modules/auth/end-session.ts';
import { signInInput } from '../../modules/staff/staff.schemas.ts';
import { DomainError } from '../../modules/shared/errors.ts';
import { parseInput } from '../../modules/shared/validation.ts';
import { clearSessionCookie, secure, setSessionCookie } from '../middleware/session.ts';
import { auditStaffEvent } from '../middleware/audit-actor.ts';
import { fields, readForm } from '../form.ts';
import { attempt } from '../respond.ts';
import type { Env } from '../types.ts';

/** Holds the signed proof of a right password between the two steps of a two-factor sign-in. */
const CHALLENGE_COOKIE = 'hb_staff_code';

/** Only same-site paths under /admin, so ?next= cannot send staff elsewhere; else Home, the day's figures. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-/]*)?$/.test(next) ? next : '/admin';
}

function signedIn(c: Context<Env>, session: { token: string; expiresAt: Date }, next: unknown) {
  setSessionCookie(c, session.token, session.expiresAt);
  deleteCookie(c, CHALLENGE_COOKIE, { path: '/admin', secure: secure(c) });
  return c.redirect(safeNext(next), 303);
}

export const sessionRoutes = new Hono<Env>()
  // The address people guess (and other billing systems use) goes to the sign-in page.
  .get('/login', (c) => c.redirect('/admin/sign-in', 301))
  .get('/sign-in', (c) => {
    if (c.var.staff) return c.redirect(safeNext(c.req.query('next')));
    return c.html(<SignInPage next={c.req.query('next')} />);
  })
  .post('/sign-in', async (c) => {
    const form = fields(await readForm(c));
    const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
    const result = await attempt(async () => {
      const input = parseInput(signInInput, form);
      return signInStaff(c.var.em, input, {
        now: c.var.now,
        appSecret: c.var.deps.config.APP_SECRET,
        previousToken: c.var.sessionToken ?? undefined,
      });
    });
    if (!result.ok) {
      if (email) await auditStaffEvent(c, { id: null, email }, 'sign-in-failed');
      return c.html(<SignInPage email={email} next={String(form.next ?? '')} errors={result.errors} />, 422);
    }
    const step = result.value;
    if (step.kind === 'code') {
      setCookie(c, CHALLENGE_COOKIE, step.challenge, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: secure(c),
        path: '/admin',
        maxAge: CHALLENGE_MINUTES * 60,
      });
      const next = typeof form.next === 'string' && form.next ? `?next=${encodeURIComponent(safeNext(form.next))}` : '';
      return c.redirect(`/admin/sign-in/code${next}`, 303);
    }
    await auditStaffEvent(c, step.staff, 'sign-in');
    return signedIn(c, step, form.next);
  })
  .get('/sign-in/code', (c) => {
    if (!getCookie(c, CHALLENGE_COOKIE)) return c.redirect('/admin/sign-in');
    return c.html(<SignInCodePage next={c.req.query('next')} />);
  })
  .post('/sign-in/code', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() =>
      completeStaffSignIn(
        c.var.em,
        { challenge: getCookie(c, CHALLENGE_COOKIE), code: form.code },
        { now: c.var.now, appSecret: c.var.deps.config.APP_SECRET, previousToken: c.var.sessionToken ?? undefined },
      ),
    );
    if (!result.ok) return c.html(<SignInCodePage next={String(form.next ?? '')} errors={result.errors} />, 422);
    await auditStaffEvent(c, result.value.staff, 'sign-in', { with: result.value.used });
    return signedIn(c, result.value, form.next);
  })
  .get('/invite', async (c) => {
    const token = (c.req.query('token') ?? '').slice(0, 100);
    try {
      return c.html(<InvitePage token={token} who={await checkStaffInvite(c.var.em, token, c.var.now)} />);
    } catch (err) {
      if (err instanceof DomainError) return c.html(<InvitePage token="" problem={err.message} />, 410);
      throw err;
    }
  })
  .post('/invite', async (c) => {
    const form = fields(await readForm(c));
    const token = typeof form.token === 'string' ? form.token.slice(0, 100) : '';
    const result = await attempt(() => acceptStaffInvite(c.var.em, form, c.var.now, c.var.sessionToken ?? undefined));
    if (!result.ok) {
      if (result.errors.token) return c.html(<InvitePage token="" problem={result.errors.token} />, 410);
      const who = await attempt(() => checkStaffInvite(c.var.em, token, c.var.now));
      return c.html(<InvitePage token={token} who={who.ok ? who.value : undefined} errors={result.errors} />, 422);
    }
    await auditStaffEvent(c, result.value.staff, 'invite-accepted');
    return signedIn(c, result.value, '/admin/account');
  })
  .post('/sign-out', async (c) => {
    if (c.var.sessionToken) await endSession(c.var.em, c.var.sessionToken);
    clearSessionCookie(c);
    return c.redirect('/admin/sign-in', 303);
  });
