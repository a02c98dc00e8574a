import type { EntityManager } from '@mikro-orm/postgresql';
import { decideAttempt, type AttemptDecision } from './rules/throttle.ts';

/**
 * Counts one sign-in attempt for `key` before its password is checked, under a row lock, so
 * attempts racing from any number of web processes are counted one after the other.
 */
export async function claimSignInAttempt(em: EntityManager, key: string, now: Date): Promise<AttemptDecision> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    // The row must exist before it can be locked; a second insert of the same key does nothing.
    await conn.execute('insert into login_throttle (key, failures, updated_at) values (?, 0, ?) on conflict (key) do nothing', [key, now], 'run', ctx);
    const [row] = await conn.execute<{ failures: number; locked_until: Date | null }[]>(
      'select failures, locked_until from login_throttle where key = ? for update',
      [key],
      'all',
      ctx,
    );
    const decision = decideAttempt(row ? { failures: row.failures, lockedUntil: row.locked_until ? new Date(row.locked_until) : null } : null, now);
    if (decision.allowed) {
      await conn.execute('update login_throttle set failures = ?, locked_until = ?, updated_at = ? where key = ?', [decision.failures, decision.lockedUntil, now, key], 'run', ctx);
    }
    return decision;
  });
}
