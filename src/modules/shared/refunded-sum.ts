import { sql } from 'kysely';

/**
 * What an invoice's credit notes give back in all (4 decimals, '0.0000' for none), for a list's
 * row: refunds are shown beside the status, which stays "paid" (a refund is a credit note, not a
 * change of the invoice). `invoiceId` is the row's id column, e.g. `i.id`.
 */
export const refundedSum = (invoiceId: string) =>
  sql<string>`(select coalesce(sum(cn.amount), 0)::numeric(19,4)::text from credit_note cn where cn.invoice_id = ${sql.ref(invoiceId)})`;
