import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { verifyPassword } from '../auth/password.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * Turns two-factor sign-in off: a member for themselves (with their password), or an owner for
 * someone who lost their phone and their recovery codes (`password` undefined).
 */
export async function disableTwoFactor(em: EntityManager, staffId: number, password?: unknown): Promise<void> {
  const q = db(em);
  if (password !== undefined) {
    const row = await q.selectFrom('staff').select('password_hash').where('id', '=', staffId).executeTakeFirst();
    if (
      typeof password !== 'string' ||
      !password ||
      !row?.password_hash ||
      !(await verifyPassword(password.slice(0, 200), row.password_hash))
    ) {
      throw new DomainError('That is not your password.', 'password');
    }
  }
  await q.updateTable('staff').set({ totp_secret: null, totp_last_step: null, recovery_codes: null }).where('id', '=', staffId).execute();
}
