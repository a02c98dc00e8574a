import type { EntityManager } from '@mikro-orm/postgresql';
import { LoginThrottle } from './auth.entities.ts';
import { claimSignInAttempt } from './claim-sign-in-attempt.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { waitMessage } from './rules/throttle.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * Verifies a password against the hash found (or a dummy one), throttled per account.
 * NOTE: the attempt is counted (and any lock it earns set) before the password is checked;
 * checking first and counting after let a parallel burst try dozens of passwords.
 */
export async function checkCredentials(
  em: EntityManager,
  key: string,
  password: string,
  passwordHash: string | null | undefined,
  now: Date,
): Promise<void> {
  const attempt = await claimSignInAttempt(em, key, now);
  if (!attempt.allowed) throw new DomainError(waitMessage(attempt.lockedUntil, now), 'email');
  const ok = await verifyPassword(password, passwordHash ?? DUMMY_HASH);
  if (ok && passwordHash) {
    await em.nativeDelete(LoginThrottle, { key });
    return;
  }
  throw new DomainError('That email and password do not match an account.', 'email');
}
