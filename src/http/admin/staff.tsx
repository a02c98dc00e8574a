import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { StaffMemberPage, StaffPage, type InviteValues } from '../../../views/admin/staff/index.tsx';
import { disableTwoFactor } from '../../modules/staff/disable-two-factor.ts';
import { inviteStaff, resendStaffInvite } from '../../modules/staff/invite-staff.ts';
import { listApiTokens, listStaff } from '../../modules/staff/list-staff.ts';
import { endStaffSessions, revokeApiToken, setStaffDisabled, updateStaff } from '../../modules/staff/manage-staff.ts';
import { cachedSellerDetails } from '../../modules/settings/seller-details.ts';
import { getSecuritySettings, saveSecuritySettings } from '../../modules/settings/security-settings.ts';
import { Forbidden, NotFound } from '../../modules/shared/errors.ts';
import { fields, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

/** Staff accounts are the owners' business: admins manage the shop, not who may enter it. */
const requireOwner = createMiddleware<Env>(async (c, next) => {
  if (c.var.staff?.role !== 'owner') throw new Forbidden('Only an owner can manage staff.');
  return next();
});

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 300) : '');

async function staffPage(
  c: Context<Env>,
  extra: { values?: InviteValues; errors?: Errors; notice?: string } = {},
  status: 200 | 422 = 200,
) {
  const [staffList, security] = await Promise.all([listStaff(c.var.em, c.var.now), getSecuritySettings(c.var.em, { fresh: true })]);
  return c.html(<StaffPage {...layoutProps(c)} staffList={staffList} requireTwoFactor={security.requireTwoFactor} {...extra} />, status);
}

async function memberPage(
  c: Context<Env>,
  id: number,
  extra: { values?: { name?: string; role?: string }; errors?: Errors; notice?: string } = {},
  status: 200 | 409 | 422 = 200,
) {
  const [[member], tokens] = await Promise.all([listStaff(c.var.em, c.var.now, { id }), listApiTokens(c.var.em, id)]);
  if (!member) throw new NotFound('That staff member');
  return c.html(
    <StaffMemberPage {...layoutProps(c)} member={member} tokens={tokens} isSelf={member.id === c.var.staff!.id} {...extra} />,
    status,
  );
}

async function inviteOpts(c: Context<Env>) {
  const seller = await cachedSellerDetails(c.var.em);
  return { now: c.var.now, baseUrl: c.var.deps.config.PUBLIC_URL, invitedBy: c.var.staff!.name, seller: seller.name };
}

/** A member's page after one of the access actions: the page again with what went wrong, or back to it. */
async function afterAction(c: Context<Env>, id: number, run: () => Promise<unknown>, done: string) {
  const result = await attempt(run);
  if (!result.ok) return memberPage(c, id, { errors: result.errors }, result.status);
  return redirectAfterPost(c, `/admin/staff/${id}?done=${done}`);
}

const DONE: Record<string, string> = {
  saved: 'Saved.',
  invited: 'A new invitation is on its way.',
  'sessions-ended': 'Signed out everywhere.',
  'two-factor-off': 'Two-factor sign-in is off for them; they can turn it on again from their account.',
  disabled: 'Disabled, and signed out everywhere.',
  enabled: 'Enabled: they can sign in again.',
  revoked: 'Token revoked.',
};

export const staffRoutes = new Hono<Env>()
  .use('*', requireOwner)
  .get('/', (c) =>
    staffPage(c, {
      notice: c.req.query('done') === 'invited' ? 'Invitation sent.' : c.req.query('done') === 'security' ? 'Saved.' : undefined,
    }),
  )
  .post('/', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(async () => inviteStaff(c.var.em, form, await inviteOpts(c)));
    if (!result.ok)
      return staffPage(
        c,
        { values: { email: text(form.email), name: text(form.name), role: text(form.role) }, errors: result.errors },
        422,
      );
    return redirectAfterPost(c, '/admin/staff?done=invited');
  })
  .post('/security', async (c) => {
    const form = fields(await readForm(c));
    const value = form.requireTwoFactor;
    const ticked = Array.isArray(value) ? value.includes('1') : value === '1';
    await saveSecuritySettings(c.var.em, { requireTwoFactor: ticked });
    return redirectAfterPost(c, '/admin/staff?done=security');
  })
  .get('/:id', (c) => {
    const done = DONE[c.req.query('done') ?? ''];
    return memberPage(c, parseId(c.req.param('id')), { notice: done });
  })
  .post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const form = fields(await readForm(c));
    const result = await attempt(() => updateStaff(c.var.em, id, form));
    if (!result.ok)
      return memberPage(c, id, { values: { name: text(form.name), role: text(form.role) }, errors: result.errors }, result.status);
    return redirectAfterPost(c, `/admin/staff/${id}?done=saved`);
  })
  .post('/:id/invite', async (c) => {
    const id = parseId(c.req.param('id'));
    return afterAction(c, id, async () => resendStaffInvite(c.var.em, id, await inviteOpts(c)), 'invited');
  })
  .post('/:id/sessions/end', (c) => {
    const id = parseId(c.req.param('id'));
    return afterAction(c, id, () => endStaffSessions(c.var.em, id, id === c.var.staff!.id ? c.var.sessionToken : null), 'sessions-ended');
  })
  .post('/:id/two-factor/off', (c) => {
    const id = parseId(c.req.param('id'));
    return afterAction(c, id, () => disableTwoFactor(c.var.em, id), 'two-factor-off');
  })
  .post('/:id/disable', (c) => {
    const id = parseId(c.req.param('id'));
    return afterAction(c, id, () => setStaffDisabled(c.var.em, id, true, { now: c.var.now, by: c.var.staff!.id }), 'disabled');
  })
  .post('/:id/enable', (c) => {
    const id = parseId(c.req.param('id'));
    return afterAction(c, id, () => setStaffDisabled(c.var.em, id, false, { now: c.var.now, by: c.var.staff!.id }), 'enabled');
  })
  .post('/:id/tokens/:tokenId/revoke', (c) => {
    const id = parseId(c.req.param('id'));
    return afterAction(c, id, () => revokeApiToken(c.var.em, id, parseId(c.req.param('tokenId'))), 'revoked');
  });
