import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { money, text } from '../shared/fields.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { moveCredit } from './move-credit.ts';
import { db } from '../../db/database.ts';

const input = z.object({ amount: money, reason: text('a reason', 200) });

/** Staff add credit to a client's balance (a refund, a goodwill gesture), with the reason kept. */
export async function addCredit(em: EntityManager, clientId: number, raw: unknown, now: Date) {
  const { amount, reason } = parseInput(input, raw);
  await em.transactional(async (tx) => {
    const q = db(tx);
    const client = await q.selectFrom('client').select('currency').where('id', '=', clientId).forUpdate().executeTakeFirst();
    if (!client) throw new NotFound('That client');
    const def = await q.selectFrom('currency').select('code').where('is_default', '=', true).limit(1).executeTakeFirst();
    await moveCredit(tx, { clientId, amount, currency: client.currency ?? def?.code ?? 'USD', reason }, now);
  });
}
