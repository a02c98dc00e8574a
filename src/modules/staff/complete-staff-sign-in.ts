import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { LoginThrottle } from '../auth/auth.entities.ts';
import { claimSignInAttempt } from '../auth/claim-sign-in-attempt.ts';
import { waitMessage } from '../auth/rules/throttle.ts';
import { DomainError } from '../shared/errors.ts';
import { open } from '../shared/secret-box.ts';
import { sha256 } from '../shared/tokens.ts';
import { readSignInChallenge } from './rules/sign-in-challenge.ts';
import { normaliseCode, normaliseRecoveryCode, totpStep } from './rules/two-factor.ts';
import { startStaffSession } from './sign-in-staff.ts';

/**
 * The second step of a two-factor sign-in: a code from the member's authenticator, or one of
 * their recovery codes, under the challenge their right password earned. Opens a session.
 * NOTE: both kinds of code are spent by one conditional UPDATE, so a code (or a recovery code)
 * sent twice, even at the same instant from two processes, opens one session: the time step
 * must be later than the last one accepted, the recovery code must still be in the list.
 */
export async function completeStaffSignIn(
  em: EntityManager,
  input: { challenge: string | undefined; code: unknown },
  opts: { now: Date; appSecret: string; previousToken?: string },
) {
  const staffId = readSignInChallenge(input.challenge, opts.now, opts.appSecret);
  if (staffId === null) throw new DomainError('Your sign-in has expired. Enter your email and password again.', 'code');
  const code = normaliseCode(input.code);
  if (!code) throw new DomainError('Enter the code from your authenticator app, or a recovery code.', 'code');
  const key = `staff-code:${staffId}`;
  const attempt = await claimSignInAttempt(em, key, opts.now);
  if (!attempt.allowed) throw new DomainError(waitMessage(attempt.lockedUntil, opts.now), 'code');
  const q = db(em);
  const staff = await q
    .selectFrom('staff')
    .select(['id', 'email', 'totp_secret', 'disabled_at'])
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!staff?.totp_secret || staff.disabled_at)
    throw new DomainError('Your sign-in has expired. Enter your email and password again.', 'code');
  const recovery = /^\d{6}$/.test(code) ? null : normaliseRecoveryCode(code);
  let used: 'code' | 'recovery-code';
  if (recovery) {
    const hash = sha256(recovery);
    const spent = await q
      .updateTable('staff')
      .set({ recovery_codes: sql`recovery_codes - ${hash}::text` })
      .where('id', '=', staffId)
      .where(sql<boolean>`jsonb_exists(recovery_codes, ${hash}::text)`)
      .returning('id')
      .executeTakeFirst();
    if (!spent) throw new DomainError('That recovery code is not right, or it has been used.', 'code');
    used = 'recovery-code';
  } else {
    const step = totpStep(open(staff.totp_secret, opts.appSecret), code, opts.now);
    if (step === null)
      throw new DomainError('That code is not right. Check the time on your phone, and use the code for this account.', 'code');
    const spent = await q
      .updateTable('staff')
      .set({ totp_last_step: step })
      .where('id', '=', staffId)
      .where((w) => w.or([w('totp_last_step', 'is', null), w('totp_last_step', '<', step)]))
      .returning('id')
      .executeTakeFirst();
    if (!spent) throw new DomainError('That code has already been used. Wait for the next one.', 'code');
    used = 'code';
  }
  await em.nativeDelete(LoginThrottle, { key });
  const session = await startStaffSession(em, staffId, opts.now, opts.previousToken);
  return { staff: { id: staff.id, email: staff.email }, used, ...session };
}
