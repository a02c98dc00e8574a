import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { decideAttempt, type AttemptDecision } from './rules/throttle.ts';

/**
 * Counts one sign-in attempt for `key` before its password is checked, under a row lock, so
 * attempts racing from any number of web processes are counted one after the other.
 */
export async function claimSignInAttempt(em: EntityManager, key: string, now: Date): Promise<AttemptDecision> {
  return em.transactional(async (tx) => {
    const q = db(tx);
    // The row must exist before it can be locked; a second insert of the same key does nothing.
    await q
      .insertInto('login_throttle')
      .values({ key, failures: 0, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await q
      .selectFrom('login_throttle')
      .select(['failures', 'locked_until'])
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    const decision = decideAttempt(row ? { failures: row.failures, lockedUntil: row.locked_until } : null, now);
    if (decision.allowed) {
      await q
        .updateTable('login_throttle')
        .set({ failures: decision.failures, locked_until: decision.lockedUntil, updated_at: now })
        .where('key', '=', key)
        .execute();
    }
    return decision;
  });
}
