import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceStatus } from '../shared/statuses.ts';
import { NotFound } from '../shared/errors.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { InvoiceBuyer, InvoiceSeller } from './rules/invoice-parties.ts';

export interface InvoiceDetail {
  id: number;
  /** Null only on a draft: every issued invoice has one. */
  number: string | null;
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
  /** The parties as they were when it was issued (null on a draft: print today's). */
  seller: InvoiceSeller | null;
  buyer: InvoiceBuyer | null;
  reverseCharge: boolean;
  lines: { kind: string; description: string; amount: string; taxable: boolean }[];
  payments: { gateway: string; reference: string; amount: string; at: string }[];
}

/** An invoice with its lines and payments; `clientId` limits it to that client's own. */
export async function loadInvoice(em: EntityManager, invoiceId: number, clientId?: number): Promise<InvoiceDetail> {
  const q = db(em);
  let query = q
    .selectFrom('invoice as i')
    .innerJoin('client as c', 'c.id', 'i.client_id')
    .leftJoin('currency as cur', 'cur.code', 'i.currency')
    .select([
      'i.id',
      'i.status',
      'i.client_id',
      'i.order_id',
      'i.currency',
      'i.subtotal',
      'i.tax',
      'i.total',
      'i.credit_applied',
      'i.tax_rate',
      'i.due_date',
      'i.paid_at',
      'i.created_at',
      'i.number',
      'i.seller',
      'i.buyer',
      'i.reverse_charge',
    ])
    .select([
      'c.name as client_name',
      'c.email as client_email',
      'cur.minor_units',
      sql<string>`i.total - i.credit_applied`.as('amount_due'),
    ])
    .where('i.id', '=', invoiceId);
  if (clientId !== undefined) query = query.where('i.client_id', '=', clientId);
  const r = await query.executeTakeFirst();
  if (!r) throw new NotFound('That invoice');
  const lines = await q
    .selectFrom('invoice_line')
    .select(['kind', 'description', 'amount', 'taxable'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
  const payments = await q
    .selectFrom('payment')
    .select(['gateway', 'reference', 'amount', 'created_at'])
    .where('invoice_id', '=', invoiceId)
    .where('kind', '=', 'payment')
    .orderBy('id')
    .execute();
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    clientId: r.client_id,
    clientName: r.client_name,
    clientEmail: r.client_email,
    orderId: r.order_id,
    currency: r.currency,
    minorUnits: r.minor_units ?? 2,
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    creditApplied: r.credit_applied,
    amountDue: r.amount_due,
    taxRate: r.tax_rate,
    dueDate: r.due_date,
    paidAt: r.paid_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    seller: r.seller,
    buyer: r.buyer,
    reverseCharge: r.reverse_charge,
    lines,
    payments: payments.map((p) => ({ gateway: p.gateway, reference: p.reference, amount: p.amount, at: p.created_at.toISOString() })),
  };
}
