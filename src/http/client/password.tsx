import { Hono, type Context } from 'hono';
import { auditClientEvent } from '../middleware/audit-actor.ts';
import { ForgotPasswordPage, ResetPasswordPage } from '../../../views/client/password.tsx';
import { checkPasswordToken } from '../../modules/clients/check-password-token.ts';
import { requestPasswordReset } from '../../modules/clients/request-password-reset.ts';
import { resetClientPassword } from '../../modules/clients/reset-client-password.ts';
import { setClientCookie } from '../middleware/client-session.ts';
import { attempt } from '../respond.ts';
import type { Env } from '../types.ts';
import { baseUrlOf, formInput } from './form-input.ts';

// NOTE: a signed-in visitor may open these too (a reset link clicked while signed in), so the
// forms carry the session's CSRF token when there is one.
const who = (c: Context<Env>) => ({ client: c.var.client, csrfToken: c.var.csrfToken });

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

export const passwordRoutes = new Hono<Env>()
  .get('/forgot-password', (c) => c.html(<ForgotPasswordPage {...who(c)} />))
  .post('/forgot-password', async (c) => {
    const { form, errors } = await formInput(c);
    const email = str(form.email, 254);
    const result = errors
      ? { ok: false as const, errors }
      : await attempt(() => requestPasswordReset(c.var.em, form, { now: c.var.now, baseUrl: baseUrlOf(c) }));
    if (!result.ok) return c.html(<ForgotPasswordPage {...who(c)} email={email} errors={result.errors} />, 422);
    // NOTE: the same page and status whether or not the account exists.
    return c.html(<ForgotPasswordPage {...who(c)} email={email} sent />);
  })
  .get('/reset-password', async (c) => {
    const token = str(c.req.query('token'), 200);
    const result = await attempt(() => checkPasswordToken(c.var.em, token, c.var.now));
    if (!result.ok) return c.html(<ForgotPasswordPage {...who(c)} problem={result.errors.token} />, 410);
    return c.html(<ResetPasswordPage {...who(c)} token={token} purpose={result.value.purpose} />);
  })
  .post('/reset-password', async (c) => {
    const { form, errors } = await formInput(c);
    const token = str(form.token, 200);
    const result = errors
      ? { ok: false as const, errors }
      : await attempt(() => resetClientPassword(c.var.em, form, c.var.now, c.var.sessionToken ?? undefined));
    if (result.ok) {
      await auditClientEvent(c, result.value.client, 'password-reset');
      setClientCookie(c, result.value.token, result.value.expiresAt);
      return c.redirect('/account/services?password=1', 303);
    }
    if (result.errors.token) return c.html(<ForgotPasswordPage {...who(c)} problem={result.errors.token} />, 422);
    const check = await attempt(() => checkPasswordToken(c.var.em, token, c.var.now));
    if (!check.ok) return c.html(<ForgotPasswordPage {...who(c)} problem={check.errors.token} />, 422);
    return c.html(<ResetPasswordPage {...who(c)} token={token} purpose={check.value.purpose} errors={result.errors} />, 422);
  });
