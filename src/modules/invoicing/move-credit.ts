import type { EntityManager } from '@mikro-orm/postgresql';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

export interface CreditMove {
  clientId: number;
  /** 4-decimal string: positive adds to the balance, negative spends it. */
  amount: string;
  currency: string;
  reason: string;
  invoiceId?: number | null;
}

/**
 * Changes a client's credit balance and records why, in the caller's transaction: the balance
 * and the credit_entry ledger are only ever changed together, here.
 * NOTE: spending is a conditional UPDATE (balance >= amount), so two spends racing can never take
 * the balance below zero; returns false, changing nothing, when the balance does not cover it.
 */
export async function moveCredit(tx: EntityManager, move: CreditMove, now: Date): Promise<boolean> {
  const q = db(tx);
  const units = fromDecimalString(move.amount);
  const spend = toDecimalString(-units);
  const res =
    units < 0n
      ? await q
          .updateTable('client')
          .set({ credit_balance: sql`credit_balance - ${spend}::numeric` })
          .where('id', '=', move.clientId)
          .where('credit_balance', '>=', spend)
          .executeTakeFirst()
      : await q
          .updateTable('client')
          .set({ credit_balance: sql`credit_balance + ${move.amount}::numeric` })
          .where('id', '=', move.clientId)
          .executeTakeFirst();
  if (!res.numUpdatedRows) return false;
  await q
    .insertInto('credit_entry')
    .values({
      client_id: move.clientId,
      amount: toDecimalString(units),
      currency: move.currency,
      reason: move.reason.slice(0, 200),
      invoice_id: move.invoiceId ?? null,
      created_at: now,
    })
    .execute();
  return true;
}
