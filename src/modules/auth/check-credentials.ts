import type { EntityManager } from '@mikro-orm/postgresql';
import { LoginThrottle } from './auth.entities.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { isLocked, lockDurationMs, waitMessage } from './rules/throttle.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * Verifies a password against the hash found (or a dummy one), counting failures per account.
 * NOTE: the failure count is bumped with one UPDATE ... RETURNING, so parallel guesses from
 * several processes each count; reading then writing would let a burst through.
 */
export async function checkCredentials(
  em: EntityManager,
  key: string,
  password: string,
  passwordHash: string | null | undefined,
  now: Date,
): Promise<void> {
  const throttle = await em.findOne(LoginThrottle, { key });
  if (throttle?.lockedUntil && isLocked(throttle.lockedUntil, now)) {
    throw new DomainError(waitMessage(throttle.lockedUntil, now), 'email');
  }
  const ok = await verifyPassword(password, passwordHash ?? DUMMY_HASH);
  if (ok && passwordHash) {
    if (throttle) await em.nativeDelete(LoginThrottle, { key });
    return;
  }
  const rows: { failures: number }[] = await em.getConnection().execute(
    `insert into login_throttle (key, failures, updated_at) values (?, 1, ?)
     on conflict (key) do update set failures = login_throttle.failures + 1, updated_at = excluded.updated_at
     returning failures`,
    [key, now],
  );
  const failures = rows[0]?.failures ?? 1;
  const lockMs = lockDurationMs(failures);
  if (lockMs > 0) {
    await em.nativeUpdate(LoginThrottle, { key }, { lockedUntil: new Date(now.getTime() + lockMs) });
  }
  throw new DomainError('That email and password do not match an account.', 'email');
}
