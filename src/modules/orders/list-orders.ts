import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { countAll, db, type Database } from '../../db/database.ts';
import { addDays } from '../shared/dates.ts';
import { id } from '../shared/fields.ts';
import { containsPattern, idOf, listQueryFields, listPage, rangeInOrder, type ListPage } from '../shared/list-query.ts';
import { ORDER_STATUSES, type InvoiceStatus, type OrderStatus } from '../shared/statuses.ts';
import { parseInput } from '../shared/validation.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);

export const listOrdersQuery = z
  .object({
    ...listQueryFields,
    clientId: z.preprocess(blank, id.optional()),
    status: z.preprocess(blank, z.enum(ORDER_STATUSES, { error: `Choose a status: ${ORDER_STATUSES.join(', ')}.` }).optional()),
  })
  .superRefine(rangeInOrder);
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export interface OrderRow {
  id: number;
  clientId: number;
  clientName: string;
  clientEmail: string;
  status: OrderStatus;
  currency: string;
  /** The currency's decimals, as its amounts are shown. */
  minorUnits: number;
  summary: string;
  invoiceId: number | null;
  /** Its number once issued (INV-2026-0004), else null. */
  invoiceNumber: string | null;
  invoiceStatus: InvoiceStatus | null;
  total: string | null;
  /** Left to pay on its invoice: nothing once paid or void. */
  amountDue: string;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
}

/** Totals per currency over every order the filters match, not just this page. */
export type OrderList = ListPage<OrderRow, ListOrdersQuery>;

const amountDue = sql<string>`case when i.status = 'unpaid' then greatest(i.total - i.credit_applied, 0) else 0::numeric(19,4) end`;

/** Orders, newest first: search (id, client name or email), status, created range; or the one with `only.id`. Each with its invoice's id, status and total. */
export async function listOrders(em: EntityManager, raw: unknown, only: { id?: number } = {}): Promise<OrderList> {
  const q = parseInput(listOrdersQuery, raw ?? {});
  const like = containsPattern(q.q);
  const orderId = idOf(q.q);
  const matches = (eb: ExpressionBuilder<Database, 'client_order' | 'client'>) =>
    eb.and([
      ...(only.id !== undefined ? [eb('client_order.id', '=', only.id)] : []),
      ...(like
        ? [
            eb.or([
              eb('client.name', 'ilike', like),
              eb('client.email', 'ilike', like),
              ...(orderId !== null ? [eb('client_order.id', '=', orderId)] : []),
            ]),
          ]
        : []),
      ...(q.clientId ? [eb('client_order.client_id', '=', q.clientId)] : []),
      ...(q.status ? [eb('client_order.status', '=', q.status)] : []),
      ...(q.from ? [eb('client_order.created_at', '>=', sql<Date>`${q.from}::date`)] : []),
      // NOTE: "to" is a whole day: everything before the next midnight.
      ...(q.to ? [eb('client_order.created_at', '<', sql<Date>`${addDays(q.to, 1)}::date`)] : []),
    ]);
  const base = () =>
    db(em)
      .selectFrom('client_order')
      .innerJoin('client', 'client.id', 'client_order.client_id')
      .leftJoin('invoice as i', 'i.order_id', 'client_order.id')
      .leftJoin('currency as cur', 'cur.code', 'client_order.currency')
      .where(matches);
  // NOTE: one after the other: inside a transaction the two share one connection.
  const rows = await base()
    .select([
      'client_order.id',
      'client_order.client_id',
      'client.name as client_name',
      'client.email as client_email',
      'client_order.status',
      'client_order.currency',
      'cur.minor_units',
      'client_order.created_at',
      'client_order.expires_at',
      'client_order.paid_at',
      'i.id as invoice_id',
      'i.number as invoice_number',
      'i.total',
      'i.status as invoice_status',
    ])
    .select(amountDue.as('amount_due'))
    .select((eb) =>
      eb
        .selectFrom('order_line as l')
        .innerJoin('package as p', 'p.id', 'l.package_id')
        .select(sql<string>`string_agg(p.name || ' × ' || l.quantity, ', ')`.as('summary'))
        .whereRef('l.order_id', '=', 'client_order.id')
        .as('summary'),
    )
    .orderBy('client_order.id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  const totals = await base()
    .select([
      'client_order.currency',
      'cur.minor_units',
      countAll().as('count'),
      // A cancelled order is listed but adds nothing: its invoice is void.
      sql<string>`coalesce(sum(i.total) filter (where client_order.status <> 'cancelled'), 0)::numeric(19,4)`.as('total'),
      sql<string>`coalesce(sum(${amountDue}) filter (where client_order.status <> 'cancelled'), 0)::numeric(19,4)`.as('amount_due'),
      sql<number>`(count(*) filter (where client_order.status = 'cancelled'))::int`.as('uncounted'),
    ])
    .groupBy(['client_order.currency', 'cur.minor_units'])
    .orderBy('client_order.currency')
    .execute();
  const items: OrderRow[] = rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    clientEmail: r.client_email,
    status: r.status,
    currency: r.currency,
    minorUnits: r.minor_units ?? 2,
    summary: r.summary ?? '',
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    invoiceStatus: r.invoice_status,
    total: r.total,
    amountDue: r.amount_due,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    paidAt: r.paid_at?.toISOString() ?? null,
  }));
  return listPage(items, totals, q);
}
