import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Client } from '../clients/clients.entities.ts';
import { Package, PackagePrice } from '../catalog/catalog.entities.ts';
import { loadPackage } from '../catalog/load-package.ts';
import { serializePackage } from '../catalog/serialize-package.ts';
import { countHeld } from '../inventory/count-held.ts';
import { Invoice, InvoiceLine } from '../invoicing/invoicing.entities.ts';
import { recordOutbox } from '../outbox/record-outbox.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { Order, OrderLine, StockReservation } from './orders.entities.ts';
import { placeOrderInput } from './orders.schemas.ts';
import { quoteOrder } from './quote-order.ts';
import { limitProblem, orderableProblem, stockProblem } from './rules/availability.ts';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';

export const expireOrderKey = (orderId: number) => `expire-order:${orderId}`;

/**
 * Checkout: validates everything again and, in one transaction, creates the order, its
 * invoice and the stock reservation. A zero total is paid at once.
 * NOTE: the client row, then the package row, are locked FOR UPDATE before counting, so
 * parallel checkouts for one package (or by one client) queue up and never oversell.
 */
export async function placeOrder(em: EntityManager, raw: unknown, now: Date) {
  const input = parseInput(placeOrderInput, raw);
  return em.transactional(async (tx) => {
    const client = await tx.findOne(Client, { id: input.clientId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!client) throw new NotFound('That client');
    const locked = await tx.findOne(Package, { id: input.packageId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!locked) throw new NotFound('That package');
    const pkg = serializePackage(await loadPackage(tx, input.packageId));
    const allowed = pkg.status !== 'restricted' || (await tx.getConnection().execute('select 1 from client_allowed_package where client_id = ? and package_id = ?', [client.id, pkg.id], 'all', tx.getTransactionContext())).length > 0;
    const problem = orderableProblem(pkg.status, allowed);
    if (problem) throw new DomainError(problem, 'packageId');
    const { quote } = await quoteOrder(tx, { ...input, currency: input.currency ?? client.currency ?? undefined }, { country: client.country, today: calendarDateOf(now), pkg });

    const limit = limitProblem(pkg.perUserLimit, pkg.perUserLimit === -1 ? 0 : await countHeld(tx, pkg.id, now, client.id), input.quantity);
    if (limit) throw new DomainError(limit, 'quantity');
    const stock = stockProblem(pkg.stock, pkg.stock === -1 ? 0 : await countHeld(tx, pkg.id, now), input.quantity);
    if (stock) throw new DomainError(stock, 'quantity');

    const { reservationMinutes } = await getBillingSettings(tx);
    const expiresAt = new Date(now.getTime() + reservationMinutes * 60_000);
    const order = tx.create(Order, { client, currency: quote.currency, expiresAt });
    const chosen = pkg.prices.find((p) => p.name === input.priceName && p.currency === quote.currency) ?? pkg.prices.find((p) => p.name === input.priceName);
    tx.create(OrderLine, { order, package: locked, price: chosen ? tx.getReference(PackagePrice, chosen.id) : null, quantity: input.quantity, snapshot: { priceName: input.priceName, optionIds: input.optionIds, price: chosen ?? null, quote: { ...quote } } });
    tx.create(StockReservation, { order, package: locked, client, quantity: input.quantity, expiresAt });
    const invoice = tx.create(Invoice, { client, order, currency: quote.currency, subtotal: quote.subtotal, tax: quote.tax, total: quote.total, taxRate: quote.taxRate, dueDate: calendarDateOf(now) });
    for (const line of quote.lines) tx.create(InvoiceLine, { invoice, kind: line.kind, description: line.description.slice(0, 300), amount: line.amount, taxable: line.taxable });
    await tx.flush();
    await recordOutbox(tx, { queue: 'inventory', job: 'expire-order', payload: { orderId: order.id }, dedupeKey: expireOrderKey(order.id), runAt: expiresAt });
    if (/^0+(\.0+)?$/.test(quote.total)) await payInvoiceIn(tx, { invoiceId: invoice.id, gateway: 'free', reference: `free-${invoice.id}` }, now);
    return { order, invoice, quote };
  });
}
