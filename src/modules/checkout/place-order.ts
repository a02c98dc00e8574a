import type { EntityManager } from '@mikro-orm/postgresql';
import { parsePriceSnapshot, priceSnapshotOf } from '../pricing/rules/price-snapshot.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { formatMoney, fromDecimalString } from '../shared/money.ts';
import { orderLinesOf, placeOrderInput, type PlaceOrderInput } from '../orders/orders.schemas.ts';
import { turnsOf } from '../../db/turns.ts';
import { statement } from '../../db/statement.ts';
import { db } from '../../db/database.ts';
import { loadAddonParent } from '../orders/load-addon-parent.ts';
import { forLine, quoteLines, type OrderQuote } from '../orders/quote-lines.ts';
import { checkAvailability, type StaffOrder } from './check-availability.ts';
import { quotedStockLine, readStocks, refuseFromStock, type StockLine, type StockReads } from './refuse-sold-out.ts';
import { takeOrderIds, writeOrder } from './write-order.ts';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';
import { issueInvoices } from '../invoicing/issue-invoices.ts';
import { cachedDocumentFormats } from '../invoicing/document-formats.ts';
import { cachedSellerDetails } from '../settings/seller-details.ts';
import { loadInvoice, type InvoiceDetail } from '../invoicing/load-invoice.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import { languageFor } from '../clients/client-language.ts';
import { entry } from '../../queue/jobs.ts';
import { priceWithCoupon } from '../coupons/price-with-coupon.ts';
import { claimCoupon } from '../coupons/claim-coupon.ts';

/**
 * Checkout: validates everything again and, in one transaction, creates the order with all its
 * lines, one invoice and the stock reservations: all of it or none of it.
 * NOTE: the client row, then every package row (in id order), then the running services that
 * add-ons are for, are locked FOR UPDATE before counting, so parallel checkouts for one package
 * (or by one client) queue up and never oversell, and two carts sharing packages cannot deadlock.
 * Pricing happens before the locks, and the writes under them are plain statements, so each
 * checkout holds the package locks as briefly as it can.
 * NOTE (narrow reads): checkout reads the client's columns, each package narrowed to the chosen
 * price (loadQuotablePackage) and cached store facts (currencies, tax rates, settings), and
 * answers with the invoice built from what its inserts returned, not read again. Anything added
 * to checkout (coupons) should keep to that: one narrow read per thing priced, before the locks;
 * plain inserts under them. An order for more than is left is refused before the locks, from
 * the stock read before anything else (readStocks), so buyers after the last unit do not queue
 * on them.
 */
export async function placeOrder(em: EntityManager, raw: unknown, now: Date, staff?: StaffOrder & { customPrice?: string }) {
  const input = parseInput(placeOrderInput, raw);
  // NOTE (turns): at most half as many checkouts run at once as the pool has connections; the rest wait
  // in line before their first read, as buyers queue at a till. In a sale, a buyer whose turn
  // comes after the last unit has gone reads the stock once and hears "Sold out."; without the
  // line, all of them would read and quote at once, before any order had committed, and then
  // queue on the package lock only to be refused there. A caller already in a transaction holds
  // a connection, so it goes straight on (waiting for a turn then could wait on itself).
  return checkoutTurn(em, () => placeParsed(em, input, now, staff));
}

/**
 * Runs `work` in its turn among this process's checkouts (see placeOrder). A checkout that opens
 * its own transaction around placeOrder (the cart's) takes its turn here, before that transaction,
 * since placeOrder inside it would go straight on.
 */
export function checkoutTurn<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  return em.isInTransaction() ? work() : turnsOf(em, 'checkout').run(work);
}

async function placeParsed(em: EntityManager, input: PlaceOrderInput, now: Date, staff?: StaffOrder & { customPrice?: string }) {
  const { lines: ordered, single } = orderLinesOf(input);
  // NOTE: a custom price comes only from staff's own input (never from the order body), for the first line.
  const lines = ordered.map((l, i) => (i === 0 && staff?.customPrice !== undefined ? { ...l, customPrice: staff.customPrice } : l));
  // Staff overriding stock and limits are never refused for stock, so nothing is read for it.
  // A key that placed an order already answers with that order, before anything is priced or
  // refused again (its own units, its coupon's use, are no reason to refuse it).
  if (input.requestKey !== undefined) {
    const placed = await orderPlacedWith(em, input.clientId, input.requestKey, single);
    if (placed) return placed;
  }
  const stock: StockReads = staff?.overrideLimits ? new Map() : await readStocks(em, lines.map(packageIdOf), now);
  refuseFromStock(stock, lines.map(unquotedLine), single);
  const [client] = await buyerStatement.rows(em, { id: input.clientId });
  if (!client) throw new NotFound('That client');
  const today = calendarDateOf(now);
  // The invoice's lines are worded in the client's language, as its PDF and emails are.
  const quoted = await quoteLines(em, { ...client, language: await languageFor(em, client.language) }, lines, {
    currency: input.currency,
    today,
    single,
  });
  const { priced, coupon } =
    input.couponCode === undefined
      ? { priced: quoted, coupon: null }
      : await priceWithCoupon(em, quoted, { code: input.couponCode, clientId: client.id, today });
  // Cached store facts, read before the locks; the seller's details and the number format are copied onto the invoice.
  const [{ reservationMinutes }, currencies, seller, formats] = await Promise.all([
    getBillingSettings(em),
    storeCurrencies(em),
    cachedSellerDetails(em),
    cachedDocumentFormats(em),
  ]);
  const minorUnits = currencies.find((c) => c.code === priced.currency)?.minorUnits ?? 2;
  if (input.expectedTotal !== undefined && input.expectedTotal !== priced.total) {
    // The new total as the summary shows totals ("1,499.00 USD"), not as it is stored ("1499.0000").
    const newTotal = formatMoney(fromDecimalString(priced.total), priced.currency, minorUnits);
    throw new Conflict(`The price changed since it was shown: the total is now ${newTotal}. Review it and confirm again.`, 'expectedTotal');
  }
  const expiresAt = new Date(now.getTime() + reservationMinutes * 60_000);
  refuseFromStock(stock, priced.lines.map(quotedStockLine), single);

  return em.transactional(async (tx) => {
    const ids = await takeOrderIds(tx, client.id, priced.lines.length);
    if (!ids) throw new NotFound('That client');
    const { orderId, invoiceId } = ids;
    // The same form or request again (a double click, a retry): it waited on the client's lock
    // above for the first to commit, and answers with that order, placing nothing.
    if (input.requestKey) {
      const placed = await orderPlacedWith(tx, client.id, input.requestKey, single);
      if (placed) return placed;
    }
    await checkAvailability(tx, client.id, priced.lines, now, single, staff);
    // The running services as they are now, under their locks: one renewed or suspended since the quote re-quotes.
    for (const line of [...priced.lines].filter((l) => l.parent).sort((a, b) => a.parent!.id - b.parent!.id)) {
      const locked = await loadAddonParent(tx, { clientId: client.id, serviceId: line.parent!.id, packageId: line.pkg.id }, today, {
        forUpdate: true,
      }).catch((err: unknown) => {
        throw forLine(err, line.index, single);
      });
      if (JSON.stringify(locked.coTerm) !== JSON.stringify(line.parent!.coTerm))
        throw new Conflict("The service renewed meanwhile; review the add-on's price again.");
    }
    // After commit: the unpaid order's expiry, and the invoice's email (none for a free order, paid below at once).
    const free = /^0+(\.0+)?$/.test(priced.total);
    const { invoice: inv, lines: invoiceLines } = await writeOrder(tx, {
      ids,
      clientId: client.id,
      currency: priced.currency,
      now,
      expiresAt,
      placedBy: staff?.placedBy ?? null,
      limitsOverridden: staff?.overrideLimits ?? false,
      requestKey: input.requestKey ?? null,
      lines: priced.lines.map((l) => ({
        packageId: l.pkg.id,
        priceId: l.price?.id ?? null,
        parentServiceId: l.parent?.id ?? null,
        parentLine: l.input.parentLine ?? null,
        quantity: l.quantity,
        snapshot: priceSnapshotOf({
          priceName: l.input.priceName,
          optionIds: l.input.optionIds,
          optionQuantities: l.input.optionQuantities,
          optionTexts: l.input.optionTexts,
          price: l.price ?? null,
          quote: l.quote,
          customPrice: l.input.customPrice,
        }),
      })),
      invoice: { subtotal: priced.subtotal, tax: priced.tax, total: priced.total, taxRate: priced.taxRate, dueDate: today },
      charges: priced.charges,
      outbox: [entry('expireOrder', { orderId }, expiresAt), ...(free ? [] : [entry('invoiceIssued', { invoiceId })])],
    });
    if (coupon) await claimCoupon(tx, coupon, { clientId: client.id, orderId }, now);
    // Last of the writes: every checkout queues on the invoice number counter until it commits.
    const buyer = {
      id: inv.id,
      tax_rate: inv.tax_rate,
      name: client.name,
      email: client.email,
      company: client.company,
      address: client.address,
      country: client.country,
      vat_id: client.vatId,
    };
    const issued = (await issueInvoices(tx, [inv.id], now, { rows: [buyer], seller, format: formats.invoice })).get(inv.id)!;
    const order = { id: orderId, expiresAt };
    const quote = single ? priced.lines[0]!.quote : orderQuoteJson(priced);
    if (free) {
      await payInvoiceIn(tx, { invoiceId: inv.id, gateway: 'free', reference: `free-${inv.id}` }, now);
      return { order, invoice: await loadInvoice(tx, inv.id), quote };
    }
    // Unpaid, no credit spent, no payments: what was inserted is the whole invoice.
    const invoice: InvoiceDetail = {
      id: inv.id,
      ...issued,
      status: inv.status,
      clientId: client.id,
      clientName: client.name,
      clientEmail: client.email,
      orderId,
      currency: priced.currency,
      minorUnits,
      subtotal: inv.subtotal,
      tax: inv.tax,
      total: inv.total,
      creditApplied: inv.credit_applied,
      amountDue: inv.total,
      taxRate: inv.tax_rate,
      dueDate: inv.due_date,
      paidAt: null,
      createdAt: inv.created_at.toISOString(),
      lines: invoiceLines,
      payments: [],
    };
    return { order, invoice, quote };
  });
}

/**
 * The order a key placed for this client before, answered as checkout answered it then: its
 * invoice as it stands, and its quote as stored on its lines (not this request's, whose body may
 * differ: the key, not the body, names the order).
 */
async function orderPlacedWith(em: EntityManager, clientId: number, requestKey: string, single: boolean) {
  const row = await db(em)
    .selectFrom('client_order as o')
    .innerJoin('invoice as i', 'i.order_id', 'o.id')
    .select(['o.id', 'o.expires_at', 'i.id as invoice_id'])
    .where('o.client_id', '=', clientId)
    .where('o.request_key', '=', requestKey)
    .executeTakeFirst();
  if (!row) return null;
  const invoice = await loadInvoice(em, row.invoice_id);
  const lines = await db(em).selectFrom('order_line').select('snapshot').where('order_id', '=', row.id).orderBy('id').execute();
  const quotes = lines.map((l) => parsePriceSnapshot(l.snapshot).quote ?? null);
  // NOTE: a stored snapshot holds the quote checkout made (priceSnapshotOf), in the shape it answered with.
  const quote = single
    ? (quotes[0] as unknown as OrderQuote['lines'][number]['quote'])
    : {
        currency: invoice.currency,
        subtotal: invoice.subtotal,
        tax: invoice.tax,
        total: invoice.total,
        taxRate: invoice.taxRate,
        lines: invoice.lines.map(({ kind, description, amount, taxable }) => ({ kind, description, amount, taxable })),
        orderLines: quotes as unknown as OrderQuote['lines'][number]['quote'][],
      };
  return { order: { id: row.id, expiresAt: row.expires_at }, invoice, quote };
}

const packageIdOf = (l: { packageId: number }) => l.packageId;
/** A line as the stock read weighs it before the quote: its units are not known yet. */
const unquotedLine = (l: { packageId: number }, index: number): StockLine => ({ packageId: l.packageId, index, quantity: null });

/** The buyer's columns checkout reads (and copies onto the invoice), built once. */
const buyerStatement = statement((q, v: { id: number }) =>
  q
    .selectFrom('client')
    .select(['id', 'name', 'email', 'company', 'address', 'country', 'vat_id as vatId', 'currency', 'language'])
    .where('id', '=', v.id),
);

/** The whole order's quote as the API shows it: each line's quote, and the totals of the one invoice. */
function orderQuoteJson(priced: OrderQuote) {
  return {
    currency: priced.currency,
    subtotal: priced.subtotal,
    tax: priced.tax,
    total: priced.total,
    taxRate: priced.taxRate,
    lines: priced.charges.map(({ packageId: _packageId, ...line }) => line),
    orderLines: priced.lines.map((l) => l.quote),
  };
}
