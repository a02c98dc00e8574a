import type { EntityManager } from '@mikro-orm/postgresql';
import { Staff, StaffInvite } from './staff.entities.ts';
import { inviteStaffInput } from './staff.schemas.ts';
import { INVITE_LIFETIME_MS, inviteLink, renderInviteEmail } from './rules/staff-invite.ts';
import { queueMail } from '../mail/queue-mail.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { flushNewStaff, STAFF_EMAIL_TAKEN } from './create-staff.ts';
import { randomToken, sha256 } from '../shared/tokens.ts';
import { parseInput } from '../shared/validation.ts';

interface InviteOpts {
  now: Date;
  baseUrl: string;
  /** Who sends it ("Olive Owner"), and the installation's name, for the email's words. */
  invitedBy: string;
  seller: string;
}

/**
 * Adds a staff member without a password and emails them a link to choose one.
 * NOTE: the member, the link's hash and the email commit together: never an email whose link
 * does not work, nor a member nobody told.
 */
export async function inviteStaff(em: EntityManager, raw: unknown, opts: InviteOpts) {
  const input = parseInput(inviteStaffInput, raw);
  if (await em.count(Staff, { email: input.email })) throw new DomainError(STAFF_EMAIL_TAKEN, 'email');
  return em.transactional(async (tx) => {
    const staff = tx.create(Staff, { email: input.email, name: input.name, role: input.role, passwordHash: null });
    await flushNewStaff(tx);
    await sendInvite(tx, staff, opts);
    return staff;
  });
}

/** A new link for someone who has not set their password yet; links sent before stop working. */
export async function resendStaffInvite(em: EntityManager, staffId: number, opts: InviteOpts) {
  await em.transactional(async (tx) => {
    const staff = await tx.findOne(Staff, { id: staffId });
    if (!staff) throw new NotFound('That staff member');
    if (staff.passwordHash) throw new DomainError(`${staff.name} has already set a password.`, 'invite');
    await tx.nativeUpdate(StaffInvite, { staff: staffId, usedAt: null }, { expiresAt: opts.now });
    await sendInvite(tx, staff, opts);
  });
}

async function sendInvite(tx: EntityManager, staff: { id: number; email: string; name: string }, opts: InviteOpts) {
  const token = randomToken(32);
  const invite = tx.create(StaffInvite, {
    staff: staff.id,
    tokenHash: sha256(token),
    expiresAt: new Date(opts.now.getTime() + INVITE_LIFETIME_MS),
    createdAt: opts.now,
  });
  await tx.flush();
  const mail = renderInviteEmail({
    name: staff.name,
    invitedBy: opts.invitedBy,
    seller: opts.seller,
    link: inviteLink(opts.baseUrl, token),
  });
  await queueMail(tx, { to: staff.email, ...mail, kind: 'staff-invite', dedupeKey: `staff-invite:${invite.id}`, secret: token });
}
