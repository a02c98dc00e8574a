import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { hashPassword } from '../auth/password.ts';
import { DomainError } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { parseInput } from '../shared/validation.ts';
import { acceptInviteInput } from './staff.schemas.ts';
import { inviteProblem } from './rules/staff-invite.ts';
import { StaffInvite } from './staff.entities.ts';
import { startStaffSession } from './sign-in-staff.ts';

/** Whether an invitation link still works, before its form is shown: who it is for, or why not. */
export async function checkStaffInvite(em: EntityManager, token: string, now: Date) {
  const invite = token && token.length <= 100 ? await em.findOne(StaffInvite, { tokenHash: sha256(token) }, { populate: ['staff'] }) : null;
  const problem = inviteProblem(invite, now);
  if (problem || !invite) throw new DomainError(problem ?? '', 'token');
  return { email: invite.staff.$.email, name: invite.staff.$.name };
}

/**
 * The invited member chooses their password, once, and is signed in.
 * NOTE: one conditional UPDATE claims the link, so the same link sent twice at once sets one
 * password; the other request is told the link was used.
 */
export async function acceptStaffInvite(em: EntityManager, raw: unknown, now: Date, previousToken?: string) {
  const input = parseInput(acceptInviteInput, raw);
  const tokenHash = sha256(input.token);
  const passwordHash = await hashPassword(input.password);
  return em.transactional(async (tx) => {
    const claimed = await db(tx)
      .updateTable('staff_invite')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('staff_id')
      .executeTakeFirst();
    if (!claimed)
      throw new DomainError(
        inviteProblem(await tx.findOne(StaffInvite, { tokenHash }), now) ?? 'That invitation has already been used.',
        'token',
      );
    const staff = await db(tx)
      .updateTable('staff')
      .set({ password_hash: passwordHash })
      .where('id', '=', claimed.staff_id)
      .where('password_hash', 'is', null)
      .where('disabled_at', 'is', null)
      .returning(['id', 'email'])
      .executeTakeFirst();
    if (!staff) throw new DomainError('That invitation can no longer be used. Ask an owner for a new one.', 'token');
    return { staff, ...(await startStaffSession(tx, staff.id, now, previousToken)) };
  });
}
