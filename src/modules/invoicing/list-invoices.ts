import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { countAll, db, type Database } from '../../db/database.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../shared/statuses.ts';
import { addDays, calendarDateOf } from '../shared/dates.ts';
import { bool, id } from '../shared/fields.ts';
import { containsPattern, idOf, listQueryFields, listPage, rangeInOrder, type ListPage } from '../shared/list-query.ts';
import { parseInput } from '../shared/validation.ts';
import { GATEWAYS } from './rules/constants.ts';
import { refundedSum } from '../shared/refunded-sum.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);

export const listInvoicesQuery = z
  .object({
    ...listQueryFields,
    clientId: z.preprocess(blank, id.optional()),
    status: z.preprocess(blank, z.enum(INVOICE_STATUSES, { error: `Choose a status: ${INVOICE_STATUSES.join(', ')}.` }).optional()),
    gateway: z.preprocess(blank, z.enum(GATEWAYS, { error: `Choose a gateway: ${GATEWAYS.join(', ')}.` }).optional()),
    /** Unpaid and due before today. */
    overdue: bool.default(false),
  })
  .superRefine(rangeInOrder);
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;

export interface InvoiceRow {
  id: number;
  number: string | null;
  clientId: number;
  clientName: string;
  clientEmail: string;
  orderId: number | null;
  status: InvoiceStatus;
  currency: string;
  /** The currency's decimals, as its amounts are shown. */
  minorUnits: number;
  subtotal: string;
  tax: string;
  total: string;
  creditApplied: string;
  /** Left to pay: nothing once paid or void. */
  amountDue: string;
  /** What its credit notes gave back, 4 decimals ('0.0000': nothing). */
  refunded: string;
  dueDate: string;
  paidAt: string | null;
  createdAt: string;
}

/** Totals per currency over every invoice the filters match, not just this page. */
export type InvoiceList = ListPage<InvoiceRow, ListInvoicesQuery>;

const amountDue = sql<string>`case when invoice.status in ('paid', 'void') then 0::numeric(19,4) else greatest(invoice.total - invoice.credit_applied, 0) end`;

/** Invoices for staff, newest first: search (number, id, client name or email), status, gateway, created range, overdue. */
export async function listInvoices(em: EntityManager, raw: unknown, now: Date): Promise<InvoiceList> {
  const q = parseInput(listInvoicesQuery, raw ?? {});
  const like = containsPattern(q.q);
  const invoiceId = idOf(q.q);
  const today = calendarDateOf(now);
  const matches = (eb: ExpressionBuilder<Database, 'invoice' | 'client'>) =>
    eb.and([
      ...(like
        ? [
            eb.or([
              eb('client.name', 'ilike', like),
              eb('client.email', 'ilike', like),
              eb('invoice.number', 'ilike', like),
              ...(invoiceId !== null ? [eb('invoice.id', '=', invoiceId)] : []),
            ]),
          ]
        : []),
      ...(q.clientId ? [eb('invoice.client_id', '=', q.clientId)] : []),
      ...(q.status ? [eb('invoice.status', '=', q.status)] : []),
      ...(q.gateway
        ? [
            eb.exists(
              eb
                .selectFrom('payment as p')
                .select('p.id')
                .whereRef('p.invoice_id', '=', 'invoice.id')
                .where('p.gateway', '=', q.gateway)
                .where('p.kind', '=', 'payment'),
            ),
          ]
        : []),
      ...(q.from ? [eb('invoice.created_at', '>=', sql<Date>`${q.from}::date`)] : []),
      // NOTE: "to" is a whole day: everything before the next midnight.
      ...(q.to ? [eb('invoice.created_at', '<', sql<Date>`${addDays(q.to, 1)}::date`)] : []),
      ...(q.overdue ? [eb('invoice.status', '=', 'unpaid'), eb('invoice.due_date', '<', today)] : []),
    ]);
  const base = () =>
    db(em)
      .selectFrom('invoice')
      .innerJoin('client', 'client.id', 'invoice.client_id')
      .leftJoin('currency as cur', 'cur.code', 'invoice.currency')
      .where(matches);
  // NOTE: one after the other: inside a transaction the two share one connection.
  const rows = await base()
    .select([
      'invoice.id',
      'invoice.number',
      'invoice.client_id',
      'client.name as client_name',
      'client.email as client_email',
      'invoice.order_id',
      'invoice.status',
      'invoice.currency',
      'invoice.subtotal',
      'invoice.tax',
      'invoice.total',
      'invoice.credit_applied',
      'cur.minor_units',
    ])
    .select(['invoice.due_date', 'invoice.paid_at', 'invoice.created_at'])
    .select(amountDue.as('amount_due'))
    .select(refundedSum('invoice.id').as('refunded'))
    .orderBy('invoice.created_at', 'desc')
    .orderBy('invoice.id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  const totals = await base()
    .select([
      'invoice.currency',
      'cur.minor_units',
      countAll().as('count'),
      // A void invoice is listed but adds nothing: nothing is owed or paid on it.
      sql<string>`coalesce(sum(invoice.total) filter (where invoice.status <> 'void'), 0)::numeric(19,4)`.as('total'),
      sql<string>`coalesce(sum(${amountDue}) filter (where invoice.status <> 'void'), 0)::numeric(19,4)`.as('amount_due'),
      sql<number>`(count(*) filter (where invoice.status = 'void'))::int`.as('uncounted'),
    ])
    .groupBy(['invoice.currency', 'cur.minor_units'])
    .orderBy('invoice.currency')
    .execute();
  const items: InvoiceRow[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    clientId: r.client_id,
    clientName: r.client_name,
    clientEmail: r.client_email,
    orderId: r.order_id,
    status: r.status,
    currency: r.currency,
    minorUnits: r.minor_units ?? 2,
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    creditApplied: r.credit_applied,
    amountDue: r.amount_due,
    refunded: r.refunded,
    dueDate: r.due_date,
    paidAt: r.paid_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
  return listPage(items, totals, q);
}
