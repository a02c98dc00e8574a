import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

export interface CreditEntryRow {
  id: number;
  /** 4 decimals: positive added to the balance, negative spent or taken back. */
  amount: string;
  currency: string;
  reason: string;
  invoiceId: number | null;
  invoiceNumber: string | null;
  at: string;
}

/**
 * The latest moves of a client's credit balance, newest first, with why each was made: the
 * ledger every change of the balance writes (move-credit.ts), so staff can say where credit came
 * from and where it went.
 */
export async function listCreditEntries(em: EntityManager, clientId: number, limit = 20): Promise<CreditEntryRow[]> {
  const rows = await db(em)
    .selectFrom('credit_entry as e')
    .leftJoin('invoice as i', 'i.id', 'e.invoice_id')
    .select(['e.id', 'e.amount', 'e.currency', 'e.reason', 'e.invoice_id', 'i.number', 'e.created_at'])
    .where('e.client_id', '=', clientId)
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    invoiceId: r.invoice_id ?? null,
    invoiceNumber: r.number ?? null,
    at: r.created_at.toISOString(),
  }));
}
