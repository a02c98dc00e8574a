import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from '../clients/clients.entities.ts';
import type { PackageStatus } from '../catalog/rules/constants.ts';
import { loadPackage } from '../catalog/load-package.ts';
import { serializePackage } from '../catalog/serialize-package.ts';
import { countHeld } from '../inventory/count-held.ts';
import { reserveStock } from '../inventory/reserve-stock.ts';
import { priceSnapshotOf } from '../pricing/rules/price-snapshot.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { placeOrderInput } from '../orders/orders.schemas.ts';
import { quoteOrder } from '../orders/quote-order.ts';
import { limitProblem, orderableProblem, stockProblem } from '../orders/rules/availability.ts';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';
import { expireOrderLater } from '../../queue/jobs.ts';

/**
 * Checkout: validates everything again and, in one transaction, creates the order, its
 * invoice and the stock reservation. A zero total is paid at once.
 * NOTE: the client row, then the package row, are locked FOR UPDATE before counting, so
 * parallel checkouts for one package (or by one client) queue up and never oversell. Loading
 * the package and pricing the order happen before the locks, and the writes under them are
 * plain statements, so each checkout holds the package lock as briefly as it can.
 */
export async function placeOrder(em: EntityManager, raw: unknown, now: Date) {
  const input = parseInput(placeOrderInput, raw);
  const client = await em.findOne(Client, { id: input.clientId });
  if (!client) throw new NotFound('That client');
  const pkg = serializePackage(await loadPackage(em, input.packageId));
  const { quote, price: chosen } = await quoteOrder(em, { ...input, currency: input.currency ?? client.currency ?? undefined }, { country: client.country, today: calendarDateOf(now), pkg });
  const { reservationMinutes } = await getBillingSettings(em);
  const expiresAt = new Date(now.getTime() + reservationMinutes * 60_000);
  const snapshot = priceSnapshotOf({ priceName: input.priceName, optionIds: input.optionIds, price: chosen ?? null, quote });

  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const q = <T>(sql: string, params: unknown[]) => conn.execute<T[]>(sql, params, 'all', ctx);
    await q('select id from client where id = ? for update', [client.id]);
    // The status and limits as they are now, under the lock (staff may have just changed them).
    const [row] = await q<{ status: PackageStatus; stock: number; per_user_limit: number }>('select status, stock, per_user_limit from package where id = ? for update', [pkg.id]);
    if (!row) throw new NotFound('That package');
    const allowed = row.status !== 'restricted' || (await q('select 1 from client_allowed_package where client_id = ? and package_id = ?', [client.id, pkg.id])).length > 0;
    const problem = orderableProblem(row.status, allowed);
    if (problem) throw new DomainError(problem, 'packageId');
    const limit = limitProblem(row.per_user_limit, row.per_user_limit === -1 ? 0 : await countHeld(tx, pkg.id, now, client.id), input.quantity);
    if (limit) throw new DomainError(limit, 'quantity');
    const stock = stockProblem(row.stock, row.stock === -1 ? 0 : await countHeld(tx, pkg.id, now), input.quantity);
    if (stock) throw new DomainError(stock, 'quantity');

    const [order] = await q<{ id: number }>(`insert into client_order (client_id, status, currency, expires_at, created_at) values (?, 'pending', ?, ?, ?) returning id`, [client.id, quote.currency, expiresAt, now]);
    const orderId = order!.id;
    await q('insert into order_line (order_id, package_id, price_id, quantity, snapshot) values (?, ?, ?, ?, ?)', [orderId, pkg.id, chosen?.id ?? null, input.quantity, JSON.stringify(snapshot)]);
    await reserveStock(tx, { orderId, packageId: pkg.id, clientId: client.id, quantity: input.quantity, expiresAt }, now);
    const [invoice] = await q<{ id: number }>(
      `insert into invoice (client_id, order_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at) values (?, ?, 'unpaid', ?, ?, ?, ?, ?, ?, ?) returning id`,
      [client.id, orderId, quote.currency, quote.subtotal, quote.tax, quote.total, quote.taxRate, calendarDateOf(now), now],
    );
    const invoiceId = invoice!.id;
    if (quote.lines.length) {
      await q(
        `insert into invoice_line (invoice_id, kind, description, amount, taxable) values ${quote.lines.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        quote.lines.flatMap((l) => [invoiceId, l.kind, l.description.slice(0, 300), l.amount, l.taxable]),
      );
    }
    await expireOrderLater(tx, { orderId }, expiresAt);
    if (/^0+(\.0+)?$/.test(quote.total)) await payInvoiceIn(tx, { invoiceId, gateway: 'free', reference: `free-${invoiceId}` }, now);
    return { order: { id: orderId, expiresAt }, invoice: { id: invoiceId }, quote };
  });
}
