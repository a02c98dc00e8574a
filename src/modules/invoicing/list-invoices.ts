import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { countAll, db, type Database } from '../../db/database.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../shared/statuses.ts';
import { id, int } from '../shared/fields.ts';
import { parseInput } from '../shared/validation.ts';

export const listInvoicesQuery = z.object({
  clientId: z.preprocess((v) => (v === '' ? undefined : v), id.optional()),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(INVOICE_STATUSES, { error: `Choose a status: ${INVOICE_STATUSES.join(', ')}.` }).optional()),
  page: int(1, 100_000, 'a page number').default(1),
  perPage: int(1, 100, 'a page size from 1 to 100').default(25),
});

export interface InvoiceRow {
  id: number;
  clientId: number;
  clientName: string;
  orderId: number | null;
  status: InvoiceStatus;
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
  creditApplied: string;
  /** Left to pay: nothing once paid or void. */
  amountDue: string;
  dueDate: string;
  paidAt: string | null;
  createdAt: string;
}

/** Invoices for staff integrations, newest first, by client and status. */
export async function listInvoices(em: EntityManager, raw: unknown) {
  const q = parseInput(listInvoicesQuery, raw ?? {});
  const matches = (eb: ExpressionBuilder<Database, 'invoice'>) =>
    eb.and([...(q.clientId ? [eb('invoice.client_id', '=', q.clientId)] : []), ...(q.status ? [eb('invoice.status', '=', q.status)] : [])]);
  const rows = await db(em)
    .selectFrom('invoice')
    .innerJoin('client as c', 'c.id', 'invoice.client_id')
    .select(['invoice.id', 'invoice.client_id', 'c.name as client_name', 'invoice.order_id', 'invoice.status', 'invoice.currency', 'invoice.subtotal', 'invoice.tax', 'invoice.total', 'invoice.credit_applied'])
    .select(['invoice.due_date', 'invoice.paid_at', 'invoice.created_at'])
    .select([
      sql<string>`case when invoice.status in ('paid', 'void') then 0::numeric(19,4) else greatest(invoice.total - invoice.credit_applied, 0) end`.as('amount_due'),
      sql<number>`count(*) over ()::int`.as('total_count'),
    ])
    .where(matches)
    .orderBy('invoice.created_at', 'desc')
    .orderBy('invoice.id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  const items: InvoiceRow[] = rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    orderId: r.order_id,
    status: r.status,
    currency: r.currency,
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    creditApplied: r.credit_applied,
    amountDue: r.amount_due,
    dueDate: r.due_date,
    paidAt: r.paid_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
  // Past the last page the window count is gone with the rows: count apart then.
  const total = rows[0]?.total_count ?? (await db(em).selectFrom('invoice').select(countAll().as('n')).where(matches).executeTakeFirstOrThrow()).n;
  return { items, total, page: q.page, perPage: q.perPage, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
