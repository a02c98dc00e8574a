import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';

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
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const units = fromDecimalString(move.amount);
  const res =
    units < 0n
      ? await conn.execute<QueryResult>('update client set credit_balance = credit_balance - ? where id = ? and credit_balance >= ?', [toDecimalString(-units), move.clientId, toDecimalString(-units)], 'run', ctx)
      : await conn.execute<QueryResult>('update client set credit_balance = credit_balance + ? where id = ?', [move.amount, move.clientId], 'run', ctx);
  if (!res.affectedRows) return false;
  await conn.execute(
    'insert into credit_entry (client_id, amount, currency, reason, invoice_id, created_at) values (?, ?, ?, ?, ?, ?)',
    [move.clientId, toDecimalString(units), move.currency, move.reason.slice(0, 200), move.invoiceId ?? null, now],
    'run',
    ctx,
  );
  return true;
}
