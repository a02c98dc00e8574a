import { Hono, type Context } from 'hono';
import { auditClientEvent } from '../middleware/audit-actor.ts';
import { SignInPage, SignUpPage } from '../../../views/client/account.tsx';
import { endSession } from '../../modules/auth/end-session.ts';
import { listProfileChoices } from '../../modules/clients/list-profile-choices.ts';
import { signInClient } from '../../modules/clients/sign-in-client.ts';
import { signUpClient } from '../../modules/clients/sign-up-client.ts';
import { clearClientCookie, setClientCookie } from '../middleware/client-session.ts';
import { attempt } from '../respond.ts';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';
import { formInput, type Fields } from './form-input.ts';

const NEXT = /^\/(account|store|cart|pay)(\/[\w\-/]*)?(\?[\w\-.~%&=+*]*)?$/;

/**
 * Only same-site paths in the client area, the store, the cart or a payment page, so ?next= cannot
 * send clients elsewhere. A query may follow in its encoded form (a package page's choices, withChoices).
 * Else the dashboard.
 */
export function safeNext(next: unknown, otherwise = '/account'): string {
  return typeof next === 'string' && NEXT.test(next) && !next.includes('//') ? next : otherwise;
}
/** How much of a posted next is kept: room for a package page's choices. */
const NEXT_MAX = 2000;

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

async function signUpPage(c: Context<Env>, form: Fields, errors: Record<string, string>) {
  const values = { ...form, password: '' };
  return c.html(
    <SignUpPage values={values} errors={errors} choices={await listProfileChoices(c.var.em)} next={str(form.next, NEXT_MAX)} />,
    422,
  );
}

export const sessionRoutes = new Hono<Env>()
  .get('/sign-in', (c) => {
    if (c.var.client) return c.redirect(safeNext(c.req.query('next')));
    return c.html(
      <SignInPage next={c.req.query('next')} flash={c.req.query('done') === 'out' ? t('client:flash.signedOut') : undefined} />,
    );
  })
  .post('/sign-in', async (c) => {
    const { form, errors } = await formInput(c);
    const result = errors
      ? { ok: false as const, errors }
      : await attempt(() => signInClient(c.var.em, form, c.var.now, c.var.sessionToken ?? undefined));
    if (!result.ok) {
      // A refused password (not a malformed form) is worth keeping: who tried, from where.
      if (!errors && str(form.email, 254) && str(form.password, 1000))
        await auditClientEvent(c, { id: null, email: str(form.email, 254) }, 'sign-in-failed');
      return c.html(<SignInPage email={str(form.email, 254)} next={str(form.next, NEXT_MAX)} errors={result.errors} />, 422);
    }
    await auditClientEvent(c, result.value.client, 'sign-in');
    setClientCookie(c, result.value.token, result.value.expiresAt);
    return c.redirect(safeNext(form.next), 303);
  })
  .get('/sign-up', async (c) => {
    if (c.var.client) return c.redirect(safeNext(c.req.query('next')));
    return c.html(<SignUpPage choices={await listProfileChoices(c.var.em)} next={c.req.query('next')} />);
  })
  .post('/sign-up', async (c) => {
    const { form, errors } = await formInput(c);
    if (errors) return signUpPage(c, form, errors);
    const result = await attempt(() => signUpClient(c.var.em, form, c.var.now, c.var.sessionToken ?? undefined));
    if (!result.ok) return signUpPage(c, form, result.errors);
    setClientCookie(c, result.value.token, result.value.expiresAt);
    // Back where the client was going (the cart they were checking out), or to the welcome.
    return c.redirect(safeNext(form.next, '/account/services?welcome=1'), 303);
  })
  .post('/sign-out', async (c) => {
    if (c.var.sessionToken) await endSession(c.var.em, c.var.sessionToken);
    clearClientCookie(c);
    return c.redirect('/account/sign-in?done=out', 303);
  });
