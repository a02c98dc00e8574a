import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
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
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.clientId) (where.push('i.client_id = ?'), params.push(q.clientId));
  if (q.status) (where.push('i.status = ?'), params.push(q.status));
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select i.id, i.client_id, c.name as client_name, i.order_id, i.status, i.currency, i.subtotal, i.tax, i.total, i.credit_applied,
            case when i.status in ('paid', 'void') then 0::numeric(19,4) else greatest(i.total - i.credit_applied, 0) end as amount_due,
            i.due_date::text as due_date, i.paid_at, i.created_at, count(*) over ()::int as total_count
       from invoice i join client c on c.id = i.client_id
       ${where.length ? `where ${where.join(' and ')}` : ''}
      order by i.created_at desc, i.id desc limit ? offset ?`,
    [...params, q.perPage, (q.page - 1) * q.perPage],
  );
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  const items: InvoiceRow[] = rows.map((r) => ({
    id: r.id as number,
    clientId: r.client_id as number,
    clientName: r.client_name as string,
    orderId: (r.order_id as number | null) ?? null,
    status: r.status as InvoiceStatus,
    currency: r.currency as string,
    subtotal: String(r.subtotal),
    tax: String(r.tax),
    total: String(r.total),
    creditApplied: String(r.credit_applied),
    amountDue: String(r.amount_due),
    dueDate: r.due_date as string,
    paidAt: iso(r.paid_at),
    createdAt: iso(r.created_at)!,
  }));
  // Past the last page the window count is gone with the rows: count apart then.
  const total = rows.length
    ? (rows[0]!.total_count as number)
    : (await em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from invoice i ${where.length ? `where ${where.join(' and ')}` : ''}`, params))[0]!.n;
  return { items, total, page: q.page, perPage: q.perPage, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
