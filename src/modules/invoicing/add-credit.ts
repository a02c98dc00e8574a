import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { money, text } from '../shared/fields.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { moveCredit } from './move-credit.ts';

const input = z.object({ amount: money, reason: text('a reason', 200) });

/** Staff add credit to a client's balance (a refund, a goodwill gesture), with the reason kept. */
export async function addCredit(em: EntityManager, clientId: number, raw: unknown, now: Date) {
  const { amount, reason } = parseInput(input, raw);
  await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const [client] = await conn.execute<{ currency: string | null }[]>('select currency from client where id = ? for update', [clientId], 'all', ctx);
    if (!client) throw new NotFound('That client');
    const [def] = await conn.execute<{ code: string }[]>('select code from currency where is_default limit 1', [], 'all', ctx);
    await moveCredit(tx, { clientId, amount, currency: client.currency ?? def?.code ?? 'USD', reason }, now);
  });
}
