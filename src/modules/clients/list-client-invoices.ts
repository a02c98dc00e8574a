import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { InvoiceStatus } from '../shared/statuses.ts';
import { refundedSum } from '../shared/refunded-sum.ts';

export interface ClientInvoiceRow {
  id: number;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  minorUnits: number;
  subtotal: string;
  tax: string;
  total: string;
  /** What its credit notes gave back, 4 decimals ('0.0000': nothing). */
  refunded: string;
  dueDate: string;
  paidAt: Date | null;
  createdAt: Date;
}

/** One client's invoices, newest first; the client id comes from the session or a staff page. */
export async function listClientInvoices(em: EntityManager, clientId: number, limit = 200): Promise<ClientInvoiceRow[]> {
  const rows = await db(em)
    .selectFrom('invoice as i')
    .leftJoin('currency as cur', 'cur.code', 'i.currency')
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.currency',
      'cur.minor_units',
      'i.subtotal',
      'i.tax',
      'i.total',
      'i.due_date',
      'i.paid_at',
      'i.created_at',
    ])
    .select(refundedSum('i.id').as('refunded'))
    .where('i.client_id', '=', clientId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    currency: r.currency,
    minorUnits: r.minor_units ?? 2,
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    refunded: r.refunded,
    dueDate: r.due_date,
    paidAt: r.paid_at,
    createdAt: r.created_at,
  }));
}
