import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** An invoice's figures as its writer computed them: totals already rounded (invoiceTotals). */
export interface UnpaidInvoice {
  clientId: number;
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
  taxRate: string | null;
  dueDate: string;
  /** What makes a request sent twice write one invoice (a hand-written one's form or API key). */
  requestKey?: string | null;
}

export interface UnpaidInvoiceLine {
  kind: string;
  description: string;
  amount: string;
  taxable: boolean;
  serviceId?: number | null;
}

/**
 * Writes an unpaid invoice and its lines in the caller's transaction (a cancellation fee, a
 * package change, an invoice staff write by hand); the caller issues it (issueInvoices) and says
 * whether the client is emailed. Returns its id.
 */
export async function insertUnpaidInvoice(
  tx: EntityManager,
  invoice: UnpaidInvoice,
  lines: readonly UnpaidInvoiceLine[],
  now: Date,
): Promise<number> {
  const q = db(tx);
  const { id } = await q
    .insertInto('invoice')
    .values({
      client_id: invoice.clientId,
      status: 'unpaid',
      currency: invoice.currency,
      subtotal: invoice.subtotal,
      tax: invoice.tax,
      total: invoice.total,
      tax_rate: invoice.taxRate,
      due_date: invoice.dueDate,
      request_key: invoice.requestKey ?? null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (lines.length)
    await q
      .insertInto('invoice_line')
      .values(
        lines.map((l) => ({
          invoice_id: id,
          kind: l.kind,
          description: l.description,
          amount: l.amount,
          taxable: l.taxable,
          service_id: l.serviceId ?? null,
        })),
      )
      .execute();
  return id;
}
