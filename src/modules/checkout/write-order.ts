import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { db } from '../../db/database.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { outboxRows, type OutboxEntry } from '../outbox/record-outbox.ts';
import { reservationRows } from '../inventory/reserve-stock.ts';

/** The ids an order's rows will have, taken with the client's lock (takeOrderIds). */
export interface OrderIds {
  orderId: number;
  invoiceId: number;
  lineIds: number[];
}

/**
 * Locks the client's row (checkout's first lock) and takes, in the same round trip, the ids the
 * order, its invoice and its lines will have, so everything written under the package locks is
 * one statement (writeOrder). A refused order leaves its ids unused: ids may have gaps (invoice
 * numbers, which may not, come from their own counter). Null when the client is gone.
 */
export async function takeOrderIds(tx: EntityManager, clientId: number, lines: number): Promise<OrderIds | null> {
  const row = await sql<{ order_id: number; invoice_id: number; line_ids: number[] }>`
    select nextval(pg_get_serial_sequence('client_order', 'id'))::int as order_id,
           nextval(pg_get_serial_sequence('invoice', 'id'))::int as invoice_id,
           array(select nextval(pg_get_serial_sequence('order_line', 'id'))::int from generate_series(1, ${lines}::int)) as line_ids
      from client where id = ${clientId} for update`.execute(db(tx));
  const ids = row.rows[0];
  return ids ? { orderId: ids.order_id, invoiceId: ids.invoice_id, lineIds: ids.line_ids } : null;
}

export interface OrderRows {
  ids: OrderIds;
  clientId: number;
  currency: string;
  now: Date;
  expiresAt: Date;
  placedBy: string | null;
  limitsOverridden: boolean;
  /** The placing form's (or request's) key, if it sent one. */
  requestKey: string | null;
  lines: readonly {
    packageId: number;
    priceId: number | null;
    parentServiceId: number | null;
    parentLine: number | null;
    quantity: number;
    snapshot: unknown;
  }[];
  invoice: { subtotal: string; tax: string; total: string; taxRate: string | null; dueDate: CalendarDate };
  charges: readonly { kind: string; description: string; amount: string; taxable: boolean; packageId: number }[];
  outbox: readonly OutboxEntry[];
}

/**
 * The order, its lines, their stock reservations, the invoice with its lines and the outbox rows:
 * one statement, so checkout holds the package locks for one round trip of writes, not one per
 * row. Returns the invoice and its lines as stored (amounts as PostgreSQL writes them).
 * NOTE: a row and the rows pointing at it go in together: foreign keys are checked at the end of
 * the statement, when every CTE's rows are in.
 */
export async function writeOrder(tx: EntityManager, w: OrderRows) {
  const { orderId, invoiceId, lineIds } = w.ids;
  if (!w.outbox.length) throw new Error('An order records at least its expiry in the outbox.');
  const q = db(tx)
    .with('o', (c) =>
      c.insertInto('client_order').values({
        id: orderId,
        client_id: w.clientId,
        status: 'pending',
        currency: w.currency,
        expires_at: w.expiresAt,
        created_at: w.now,
        placed_by: w.placedBy,
        limits_overridden: w.limitsOverridden,
        request_key: w.requestKey,
      }),
    )
    .with('l', (c) =>
      c.insertInto('order_line').values(
        w.lines.map((l, i) => ({
          id: lineIds[i]!,
          order_id: orderId,
          package_id: l.packageId,
          price_id: l.priceId,
          parent_service_id: l.parentServiceId,
          parent_line_id: l.parentLine === null ? null : lineIds[l.parentLine]!,
          quantity: l.quantity,
          snapshot: sql`${JSON.stringify(l.snapshot)}::jsonb`,
        })),
      ),
    )
    .with('r', (c) =>
      c.insertInto('stock_reservation').values(
        reservationRows(
          w.lines.map((l) => ({ orderId, packageId: l.packageId, clientId: w.clientId, quantity: l.quantity, expiresAt: w.expiresAt })),
          w.now,
        ),
      ),
    )
    .with('i', (c) =>
      c
        .insertInto('invoice')
        .values({
          id: invoiceId,
          client_id: w.clientId,
          order_id: orderId,
          status: 'unpaid',
          currency: w.currency,
          subtotal: w.invoice.subtotal,
          tax: w.invoice.tax,
          total: w.invoice.total,
          tax_rate: w.invoice.taxRate,
          due_date: w.invoice.dueDate,
          created_at: w.now,
        })
        .returning(['id', 'status', 'subtotal', 'tax', 'total', 'credit_applied', 'tax_rate', 'due_date', 'created_at']),
    )
    .with('il', (c) =>
      w.charges.length
        ? c
            .insertInto('invoice_line')
            .values(
              w.charges.map((l) => ({
                invoice_id: invoiceId,
                kind: l.kind,
                description: l.description.slice(0, 300),
                amount: l.amount,
                taxable: l.taxable,
                package_id: l.packageId,
              })),
            )
            .returning(['id', 'kind', 'description', sql<string>`amount::text`.as('amount'), 'taxable'])
        : c
            .selectFrom('invoice_line')
            .select(['id', 'kind', 'description', sql<string>`amount::text`.as('amount'), 'taxable'])
            .where(sql<boolean>`false`),
    )
    // NOTE: an order always records at least its expiry.
    .with('work', (c) =>
      c
        .insertInto('outbox')
        .values(outboxRows(w.outbox))
        .onConflict((oc) => oc.column('dedupe_key').doNothing()),
    );
  const row = await q
    .selectFrom('i')
    .selectAll('i')
    .select((eb) =>
      jsonArrayFrom(eb.selectFrom('il').select(['il.kind', 'il.description', 'il.amount', 'il.taxable']).orderBy('il.id')).as('lines'),
    )
    .executeTakeFirstOrThrow();
  const { lines, ...invoice } = row;
  return { invoice, lines };
}
