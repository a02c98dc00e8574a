import type { EntityManager } from '@mikro-orm/postgresql';
import { Staff } from './staff.entities.ts';
import { signInChallenge } from './rules/sign-in-challenge.ts';
import { checkCredentials } from '../auth/check-credentials.ts';
import { startSession } from '../auth/start-session.ts';
import { DomainError } from '../shared/errors.ts';

export type StaffSignIn =
  | { kind: 'session'; staff: { id: number; email: string }; token: string; csrfToken: string; expiresAt: Date }
  /** The password was right; a code from their authenticator (or a recovery code) comes next. */
  | { kind: 'code'; staff: { id: number; email: string }; challenge: string };

/** Email and password; a session, or a challenge when the member has two-factor sign-in on. */
export async function signInStaff(
  em: EntityManager,
  input: { email: string; password: string },
  opts: { now: Date; appSecret: string; previousToken?: string },
): Promise<StaffSignIn> {
  const email = input.email.trim().toLowerCase();
  const staff = await em.findOne(Staff, { email });
  await checkCredentials(em, `staff:${email}`, input.password, staff?.passwordHash, opts.now);
  // NOTE: said only after the right password, so it tells a guesser nothing.
  if (staff!.disabledAt) throw new DomainError('This account is disabled. Ask an owner of this installation to enable it.', 'email');
  if (staff!.totpSecret)
    return { kind: 'code', staff: { id: staff!.id, email }, challenge: signInChallenge(staff!.id, opts.now, opts.appSecret) };
  return { kind: 'session', staff: { id: staff!.id, email }, ...(await startStaffSession(em, staff!.id, opts.now, opts.previousToken)) };
}

/** A fresh session for a member who has passed every check, their last sign-in noted. */
export async function startStaffSession(em: EntityManager, staffId: number, now: Date, previousToken?: string) {
  await em.nativeUpdate(Staff, { id: staffId }, { lastSignInAt: now });
  return startSession(em, { type: 'staff', id: staffId }, now, previousToken);
}
