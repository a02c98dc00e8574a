import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { countHeld } from '../inventory/count-held.ts';
import { reserveStock } from '../inventory/reserve-stock.ts';
import { priceSnapshotOf } from '../pricing/rules/price-snapshot.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { placeOrderInput } from '../orders/orders.schemas.ts';
import { loadAddonParent } from '../orders/load-addon-parent.ts';
import { quoteOrder } from '../orders/quote-order.ts';
import { limitProblem, orderableProblem, stockProblem } from '../orders/rules/availability.ts';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';
import { loadInvoice, type InvoiceDetail } from '../invoicing/load-invoice.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import { expireOrderLater } from '../../queue/jobs.ts';

/**
 * Checkout: validates everything again and, in one transaction, creates the order, its
 * invoice and the stock reservation. A zero total is paid at once.
 * NOTE: the client row, then the package row, are locked FOR UPDATE before counting, so
 * parallel checkouts for one package (or by one client) queue up and never oversell. Loading
 * the package and pricing the order happen before the locks, and the writes under them are
 * plain statements, so each checkout holds the package lock as briefly as it can.
 * NOTE (narrow reads): checkout reads the client's four columns, the package narrowed to the
 * chosen price (loadQuotablePackage) and cached store facts (currencies, tax rates, settings),
 * and answers with the invoice built from what its inserts returned, not read again. Anything
 * added to checkout (a cart, add-ons, coupons) should keep to that: one narrow read per thing
 * priced, before the locks; plain inserts under them.
 */
export async function placeOrder(em: EntityManager, raw: unknown, now: Date) {
  const input = parseInput(placeOrderInput, raw);
  const client = await db(em).selectFrom('client').select(['id', 'name', 'email', 'country', 'currency']).where('id', '=', input.clientId).executeTakeFirst();
  if (!client) throw new NotFound('That client');
  const today = calendarDateOf(now);
  const parent = input.parentServiceId ? await loadAddonParent(em, { clientId: client.id, serviceId: input.parentServiceId, packageId: input.packageId }, today) : null;
  // An add-on is priced in its parent's currency and co-terms with it.
  const currency = parent?.currency ?? input.currency ?? client.currency ?? undefined;
  const { quote, price: chosen, pkg } = await quoteOrder(em, { ...input, currency }, { country: client.country, today, coTerm: parent?.coTerm });
  if (input.expectedTotal !== undefined && input.expectedTotal !== quote.total) {
    throw new Conflict(`The price changed since it was shown: the total is now ${quote.total} ${quote.currency}. Review it and confirm again.`, 'expectedTotal');
  }
  const [{ reservationMinutes }, currencies] = await Promise.all([getBillingSettings(em), storeCurrencies(em)]);
  const expiresAt = new Date(now.getTime() + reservationMinutes * 60_000);
  const snapshot = priceSnapshotOf({ priceName: input.priceName, optionIds: input.optionIds, price: chosen ?? null, quote });

  return em.transactional(async (tx) => {
    const q = db(tx);
    await q.selectFrom('client').select('id').where('id', '=', client.id).forUpdate().execute();
    // The status and limits as they are now, under the lock (staff may have just changed them).
    const row = await q.selectFrom('package').select(['status', 'stock', 'per_user_limit']).where('id', '=', pkg.id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound('That package');
    const allowed = row.status !== 'restricted' || !!(await q.selectFrom('client_allowed_package').select('client_id').where('client_id', '=', client.id).where('package_id', '=', pkg.id).executeTakeFirst());
    const problem = orderableProblem(row.status, allowed);
    if (problem) throw new DomainError(problem, 'packageId');
    const limit = limitProblem(row.per_user_limit, row.per_user_limit === -1 ? 0 : await countHeld(tx, pkg.id, now, client.id), input.quantity);
    if (limit) throw new DomainError(limit, 'quantity');
    const stock = stockProblem(row.stock, row.stock === -1 ? 0 : await countHeld(tx, pkg.id, now), input.quantity);
    if (stock) throw new DomainError(stock, 'quantity');
    if (parent) {
      // The parent as it is now, under its lock: a renewal or a suspension since the quote re-quotes.
      const locked = await loadAddonParent(tx, { clientId: client.id, serviceId: parent.id, packageId: pkg.id }, today, { forUpdate: true });
      if (JSON.stringify(locked.coTerm) !== JSON.stringify(parent.coTerm)) throw new Conflict('The service renewed meanwhile; review the add-on\'s price again.');
    }

    const { id: orderId } = await q
      .insertInto('client_order')
      .values({ client_id: client.id, status: 'pending', currency: quote.currency, expires_at: expiresAt, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await q.insertInto('order_line').values({ order_id: orderId, package_id: pkg.id, price_id: chosen?.id ?? null, parent_service_id: parent?.id ?? null, quantity: input.quantity, snapshot }).execute();
    await reserveStock(tx, { orderId, packageId: pkg.id, clientId: client.id, quantity: input.quantity, expiresAt }, now);
    const inv = await q
      .insertInto('invoice')
      .values({ client_id: client.id, order_id: orderId, status: 'unpaid', currency: quote.currency, subtotal: quote.subtotal, tax: quote.tax, total: quote.total, tax_rate: quote.taxRate, due_date: calendarDateOf(now), created_at: now })
      .returning(['id', 'status', 'subtotal', 'tax', 'total', 'credit_applied', 'tax_rate', 'due_date', 'created_at'])
      .executeTakeFirstOrThrow();
    const lines = quote.lines.length
      ? await q
          .insertInto('invoice_line')
          .values(quote.lines.map((l) => ({ invoice_id: inv.id, kind: l.kind, description: l.description.slice(0, 300), amount: l.amount, taxable: l.taxable })))
          .returning(['kind', 'description', 'amount'])
          .execute()
      : [];
    await expireOrderLater(tx, { orderId }, expiresAt);
    const order = { id: orderId, expiresAt };
    if (/^0+(\.0+)?$/.test(quote.total)) {
      await payInvoiceIn(tx, { invoiceId: inv.id, gateway: 'free', reference: `free-${inv.id}` }, now);
      return { order, invoice: await loadInvoice(tx, inv.id), quote };
    }
    // Unpaid, no credit spent, no payments: what was inserted is the whole invoice.
    const invoice: InvoiceDetail = {
      id: inv.id,
      status: inv.status,
      clientId: client.id,
      clientName: client.name,
      clientEmail: client.email,
      orderId,
      currency: quote.currency,
      minorUnits: currencies.find((c) => c.code === quote.currency)?.minorUnits ?? 2,
      subtotal: inv.subtotal,
      tax: inv.tax,
      total: inv.total,
      creditApplied: inv.credit_applied,
      amountDue: inv.total,
      taxRate: inv.tax_rate,
      dueDate: inv.due_date,
      paidAt: null,
      createdAt: inv.created_at.toISOString(),
      lines,
      payments: [],
    };
    return { order, invoice, quote };
  });
}
