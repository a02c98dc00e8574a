import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceStatus } from '../shared/statuses.ts';
import { NotFound } from '../shared/errors.ts';

export interface InvoiceDetail {
  id: number;
  status: InvoiceStatus;
  clientId: number;
  clientName: string;
  clientEmail: string;
  orderId: number | null;
  currency: string;
  minorUnits: number;
  subtotal: string;
  tax: string;
  total: string;
  /** Credit spent on it when it was made; `amountDue` is what is left to pay. */
  creditApplied: string;
  amountDue: string;
  taxRate: string | null;
  dueDate: string;
  paidAt: string | null;
  createdAt: string;
  lines: { kind: string; description: string; amount: string }[];
  payments: { gateway: string; reference: string; amount: string; at: string }[];
}

/** An invoice with its lines and payments; `clientId` limits it to that client's own. */
export async function loadInvoice(em: EntityManager, invoiceId: number, clientId?: number): Promise<InvoiceDetail> {
  const conn = em.getConnection();
  const [r] = await conn.execute<Record<string, unknown>[]>(
    `select i.*, i.due_date::text as due, c.name as client_name, c.email as client_email, coalesce(cur.minor_units, 2) as minor_units, i.total - i.credit_applied as amount_due
       from invoice i join client c on c.id = i.client_id left join currency cur on cur.code = i.currency
      where i.id = ? ${clientId === undefined ? '' : 'and i.client_id = ?'}`,
    clientId === undefined ? [invoiceId] : [invoiceId, clientId],
  );
  if (!r) throw new NotFound('That invoice');
  const lines = await conn.execute<{ kind: string; description: string; amount: string }[]>('select kind, description, amount from invoice_line where invoice_id = ? order by id', [invoiceId]);
  const payments = await conn.execute<{ gateway: string; reference: string; amount: string; created_at: string }[]>('select gateway, reference, amount, created_at from payment where invoice_id = ? order by id', [invoiceId]);
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id as number,
    status: r.status as InvoiceStatus,
    clientId: r.client_id as number,
    clientName: r.client_name as string,
    clientEmail: r.client_email as string,
    orderId: (r.order_id as number | null) ?? null,
    currency: r.currency as string,
    minorUnits: Number(r.minor_units),
    subtotal: r.subtotal as string,
    tax: r.tax as string,
    total: r.total as string,
    creditApplied: r.credit_applied as string,
    amountDue: r.amount_due as string,
    taxRate: (r.tax_rate as string | null) ?? null,
    dueDate: r.due as string,
    paidAt: iso(r.paid_at),
    createdAt: iso(r.created_at)!,
    lines,
    payments: payments.map((p) => ({ gateway: p.gateway, reference: p.reference, amount: p.amount, at: iso(p.created_at)! })),
  };
}
