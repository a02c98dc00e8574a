import type { EntityManager } from '@mikro-orm/postgresql';
import { checkCredentials } from '../auth/check-credentials.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * The client's current password, checked and throttled like a sign-in (so a borrowed session
 * cannot guess it); a refusal is said by the `currentPassword` field.
 */
export async function confirmClientPassword(
  em: EntityManager,
  client: { email: string; passwordHash?: string | null },
  password: string,
  now: Date,
): Promise<void> {
  try {
    await checkCredentials(em, `client:${client.email}`, password, client.passwordHash ?? null, now);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    throw new DomainError(err.message.startsWith('Too many') ? err.message : 'That is not your current password.', 'currentPassword');
  }
}
