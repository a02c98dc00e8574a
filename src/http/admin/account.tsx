import { Hono, type Context } from 'hono';
import { toDataURL } from 'qrcode';
import { AccountPage } from '../../../views/admin/account/index.tsx';
import { TwoFactorDonePage, TwoFactorPage } from '../../../views/admin/account/two-factor.tsx';
import { createStaffApiToken } from '../../modules/staff/create-api-token.ts';
import { disableTwoFactor } from '../../modules/staff/disable-two-factor.ts';
import { enableTwoFactor, renewRecoveryCodes } from '../../modules/staff/enable-two-factor.ts';
import { listApiTokens, listStaff } from '../../modules/staff/list-staff.ts';
import { endStaffSessions, revokeApiToken } from '../../modules/staff/manage-staff.ts';
import { newTotpSecret, totpUri } from '../../modules/staff/rules/two-factor.ts';
import { cachedSellerDetails } from '../../modules/settings/seller-details.ts';
import { getSecuritySettings } from '../../modules/settings/security-settings.ts';
import { seal } from '../../modules/shared/secret-box.ts';
import { fields, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

async function accountPage(
  c: Context<Env>,
  extra: { newToken?: string; recoveryCodes?: string[]; errors?: Errors } = {},
  status: 200 | 404 | 422 = 200,
) {
  const me = c.var.staff!;
  const [[row], tokens, security] = await Promise.all([
    listStaff(c.var.em, c.var.now, { id: me.id }),
    listApiTokens(c.var.em, me.id),
    getSecuritySettings(c.var.em),
  ]);
  return c.html(<AccountPage {...layoutProps(c)} me={row!} tokens={tokens} required={security.requireTwoFactor} {...extra} />, status);
}

async function enrolPage(c: Context<Env>, errors?: Errors) {
  const me = c.var.staff!;
  const appSecret = c.var.deps.config.APP_SECRET;
  // NOTE: the new secret travels sealed in the form until a code proves the app has it; nothing
  // is stored before, so an abandoned enrolment leaves nothing behind.
  const secret = newTotpSecret();
  const [seller, security] = await Promise.all([cachedSellerDetails(c.var.em), getSecuritySettings(c.var.em)]);
  const qrDataUrl = await toDataURL(totpUri(secret, me.email, seller.name), { margin: 1, width: 200, errorCorrectionLevel: 'M' });
  return c.html(
    <TwoFactorPage
      {...layoutProps(c)}
      qrDataUrl={qrDataUrl}
      secret={secret}
      sealed={seal(secret, appSecret)}
      required={security.requireTwoFactor}
      errors={errors}
    />,
    errors ? 422 : 200,
  );
}

/** The signed-in member's own account: two-factor sign-in, API tokens, sessions. */
export const accountRoutes = new Hono<Env>()
  .get('/', (c) => accountPage(c))
  .get('/two-factor', (c) => (c.var.staff!.twoFactor ? c.redirect('/admin/account') : enrolPage(c)))
  .post('/two-factor', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() =>
      enableTwoFactor(
        c.var.em,
        c.var.staff!.id,
        { secret: form.secret, code: form.code },
        { now: c.var.now, appSecret: c.var.deps.config.APP_SECRET },
      ),
    );
    // NOTE: a wrong code shows a new QR code: the one scanned may not have been saved by the app.
    if (!result.ok) return enrolPage(c, result.errors);
    return c.html(<TwoFactorDonePage {...layoutProps(c)} codes={result.value} />);
  })
  .post('/two-factor/off', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() => disableTwoFactor(c.var.em, c.var.staff!.id, form.password ?? ''));
    if (!result.ok) return accountPage(c, { errors: result.errors }, 422);
    return redirectAfterPost(c, '/admin/account');
  })
  .post('/recovery-codes', async (c) => {
    const result = await attempt(() => renewRecoveryCodes(c.var.em, c.var.staff!.id));
    if (!result.ok) return accountPage(c, { errors: result.errors }, 422);
    return accountPage(c, { recoveryCodes: result.value });
  })
  // A reload after a form posted here (the address bar shows where it posted) goes back to the account page.
  .get('/:form{tokens|recovery-codes}', (c) => c.redirect('/admin/account', 303))
  .post('/tokens', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() => createStaffApiToken(c.var.em, c.var.staff!.id, form.name));
    if (!result.ok) return accountPage(c, { errors: result.errors }, 422);
    return accountPage(c, { newToken: result.value });
  })
  .post('/tokens/:id/revoke', async (c) => {
    await revokeApiToken(c.var.em, c.var.staff!.id, parseId(c.req.param('id')));
    return redirectAfterPost(c, '/admin/account');
  })
  .post('/sessions/end', async (c) => {
    await endStaffSessions(c.var.em, c.var.staff!.id, c.var.sessionToken);
    return redirectAfterPost(c, '/admin/account');
  });
