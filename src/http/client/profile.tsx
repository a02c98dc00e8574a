import { Hono, type Context } from 'hono';
import { auditClientEvent } from '../middleware/audit-actor.ts';
import { ProfilePage } from '../../../views/client/profile.tsx';
import { changeClientPassword } from '../../modules/clients/change-client-password.ts';
import { listProfileChoices } from '../../modules/clients/list-profile-choices.ts';
import { loadClient } from '../../modules/clients/load-client.ts';
import { updateClientProfile } from '../../modules/clients/update-client-profile.ts';
import { checkEmailChange } from '../../modules/clients/check-email-change.ts';
import { attempt, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';
import { formInput } from './form-input.ts';

const FLASH = new Set(['profile', 'password']);

async function page(
  c: Context<Env>,
  opts: { values?: Record<string, unknown>; errors?: Errors; passwordErrors?: Errors; flash?: string } = {},
  status: 200 | 422 = 200,
) {
  const me = c.var.client!;
  const [values, choices] = await Promise.all([opts.values ?? loadClient(c.var.em, me.id), listProfileChoices(c.var.em)]);
  return c.html(
    <ProfilePage
      client={me}
      csrfToken={c.var.csrfToken}
      flash={opts.flash}
      values={values}
      errors={opts.errors}
      passwordErrors={opts.passwordErrors}
      choices={choices}
    />,
    status,
  );
}

export const profileRoutes = new Hono<Env>()
  .get('/profile', (c) => {
    const saved = c.req.query('saved') ?? '';
    return page(c, { flash: FLASH.has(saved) ? t(`client:flash.${saved === 'profile' ? 'profileSaved' : 'passwordChanged'}`) : undefined });
  })
  .post('/profile', async (c) => {
    const { form, errors } = await formInput(c);
    if (errors) return page(c, { values: form, errors }, 422);
    const result = await attempt(async () => {
      await checkEmailChange(c.var.em, c.var.client!.id, form, c.var.now);
      return updateClientProfile(c.var.em, c.var.client!.id, form);
    });
    if (!result.ok) return page(c, { values: form, errors: result.errors }, 422);
    return redirectAfterPost(c, '/account/profile?saved=profile');
  })
  .post('/password', async (c) => {
    const { form, errors } = await formInput(c);
    const result = errors
      ? { ok: false as const, errors }
      : await attempt(() => changeClientPassword(c.var.em, c.var.client!.id, form, c.var.now, c.var.sessionToken!));
    if (!result.ok) return page(c, { passwordErrors: result.errors }, 422);
    await auditClientEvent(c, c.var.client!, 'password-change');
    return redirectAfterPost(c, '/account/profile?saved=password');
  });
