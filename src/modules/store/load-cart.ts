import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { OrderLineInput } from '../orders/orders.schemas.ts';
import { quoteLines, type OrderQuote } from '../orders/quote-lines.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { loadStoreViewer } from './load-store-viewer.ts';
import { priceWithCoupon, type AppliedCoupon } from '../coupons/price-with-coupon.ts';
import { quotedStockLine, readStocks, refuseFromStock } from '../checkout/refuse-sold-out.ts';
import { heldUnits } from '../inventory/count-held.ts';
import { sql } from 'kysely';
import { limitProblem } from '../orders/rules/availability.ts';

export interface CartLineView {
  id: number;
  packageId: number;
  packageName: string;
  slug: string;
  priceName: string;
  quantity: number;
  allowQuantity: boolean;
  /** The line this one is an add-on of, or null. */
  parentId: number | null;
  optionIds: number[];
  optionQuantities?: Record<string, number>;
  optionTexts?: Record<string, string>;
}

export interface CartView {
  id: number | null;
  lines: CartLineView[];
  /** The whole cart priced as checkout will charge it, for whoever looks; null when empty or refused. */
  quote: OrderQuote | null;
  /** Why it cannot be priced as it is (a line no longer offered), under its line's fields. */
  errors: Record<string, string>;
  currency: { code: string; minorUnits: number };
  /** The code entered on the cart (kept with it), and what it takes off when it applies. */
  couponCode: string | null;
  coupon: AppliedCoupon | null;
}

/** The cart's lines in order (each add-on right after its line) as checkout takes them. */
export function cartOrderLines(lines: readonly CartLineView[]): OrderLineInput[] {
  const index = new Map(lines.map((l, i) => [l.id, i]));
  return lines.map((l) => ({
    packageId: l.packageId,
    priceName: l.priceName,
    optionIds: l.optionIds,
    optionQuantities: l.optionQuantities,
    optionTexts: l.optionTexts,
    quantity: l.quantity,
    ...(l.parentId !== null ? { parentLine: index.get(l.parentId) } : {}),
  }));
}

/**
 * A cart's row and its lines in order (each package line, then its add-ons), unpriced; undefined
 * when the token names no cart. Checkout takes this: it prices the lines itself, once.
 */
export async function readCart(
  em: EntityManager,
  token: string | undefined,
): Promise<{ cart: { id: number; couponCode: string | null }; lines: CartLineView[] } | undefined> {
  const cart = token
    ? await db(em).selectFrom('cart').select(['id', 'coupon_code']).where('token_hash', '=', sha256(token)).executeTakeFirst()
    : undefined;
  if (!cart) return undefined;
  const rows = await db(em)
    .selectFrom('cart_line as l')
    .innerJoin('package as p', 'p.id', 'l.package_id')
    .select([
      'l.id',
      'l.package_id',
      'p.name',
      'p.slug',
      'p.allow_quantity',
      'l.price_name',
      'l.quantity',
      'l.parent_id',
      'l.option_ids',
      'l.option_extras',
    ])
    .where('l.cart_id', '=', cart.id)
    .orderBy('l.id')
    .execute();
  const tops = rows.filter((r) => r.parent_id === null);
  const ordered = tops.flatMap((t) => [t, ...rows.filter((r) => r.parent_id === t.id)]);
  const lines: CartLineView[] = ordered.map((r) => ({
    id: r.id,
    packageId: r.package_id,
    packageName: r.name,
    slug: r.slug,
    priceName: r.price_name,
    quantity: r.quantity,
    allowQuantity: r.allow_quantity,
    parentId: r.parent_id,
    optionIds: r.option_ids,
    ...r.option_extras,
  }));
  return { cart: { id: cart.id, couponCode: cart.coupon_code }, lines };
}

/**
 * A cart by its cookie token, priced for the viewer (a visitor: the default currency, no tax),
 * with its coupon code (or `couponCode` to try another). A code that no longer applies leaves the
 * price without it and says why under the code field, which holds checkout back until it is removed.
 */
export async function loadCart(
  em: EntityManager,
  token: string | undefined,
  clientId: number | null,
  now: Date,
  opts: { couponCode?: string } = {},
): Promise<CartView> {
  const viewer = await loadStoreViewer(em, clientId);
  const currency = { code: viewer.currency.code, minorUnits: viewer.currency.minorUnits };
  const none = { couponCode: null, coupon: null };
  const found = await readCart(em, token);
  if (!found) return { id: null, lines: [], quote: null, errors: {}, currency, ...none };
  const { cart, lines } = found;
  const couponCode = opts.couponCode ?? cart.couponCode;
  if (!lines.length) return { id: cart.id, lines, quote: null, errors: {}, currency, couponCode, coupon: null };
  let quote: OrderQuote;
  const today = calendarDateOf(now);
  try {
    quote = await quoteLines(
      em,
      { id: clientId ?? 0, country: viewer.country, vatId: viewer.vatId, currency: viewer.currency.code, language: viewer.pageLanguage },
      cartOrderLines(lines),
      { today, single: false },
    );
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { id: cart.id, lines, quote: null, errors: cartErrors(err.fields, lines), currency, couponCode, coupon: null };
  }
  const errors = { ...(await limitErrors(em, clientId, lines, quote, now)), ...(await stockErrors(em, lines, quote, now)) };
  if (!couponCode) return { id: cart.id, lines, quote, errors, currency, couponCode, coupon: null };
  try {
    const applied = await priceWithCoupon(em, quote, { code: couponCode, clientId: clientId ?? 0, today });
    return { id: cart.id, lines, quote: applied.priced, errors, currency, couponCode, coupon: applied.coupon };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { id: cart.id, lines, quote, errors: { ...errors, couponCode: err.message }, currency, couponCode, coupon: null };
  }
}

/**
 * A line wanting more units than are left (sold out since it was added, say), said under it as
 * the cart is shown, from the same read checkout starts with; the price still shows, and checkout
 * still decides under its locks.
 */
async function stockErrors(
  em: EntityManager,
  lines: readonly CartLineView[],
  quote: OrderQuote,
  now: Date,
): Promise<Record<string, string>> {
  try {
    refuseFromStock(
      await readStocks(
        em,
        lines.map((l) => l.packageId),
        now,
      ),
      quote.lines.map(quotedStockLine),
      false,
    );
    return {};
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return cartErrors(err.fields, lines);
  }
}

/**
 * A package wanted past its per-client limit (its lines' units together, beside what the client
 * holds already; a visitor holds none), said under its first line as the cart is shown. Checkout
 * counts the same under its locks, and decides.
 */
async function limitErrors(
  em: EntityManager,
  clientId: number | null,
  lines: readonly CartLineView[],
  quote: OrderQuote,
  now: Date,
): Promise<Record<string, string>> {
  const ids = [...new Set(quote.lines.map((l) => l.pkg.id))];
  // One statement: each limited package with what the client holds of it (heldUnits per row).
  const q = db(em);
  const limited = await q
    .selectFrom('package as p')
    .select([
      'p.id',
      'p.name',
      'p.per_user_limit',
      (clientId === null ? sql<number>`0` : heldUnits(q, sql.ref<number>('p.id'), now, clientId)).as('held'),
    ])
    .where('p.id', 'in', ids)
    .where('p.per_user_limit', '<>', -1)
    .execute();
  const fields: Record<string, string> = {};
  for (const p of limited) {
    const mine = quote.lines.filter((l) => l.pkg.id === p.id);
    const units = mine.reduce((n, l) => n + l.quantity, 0);
    const problem = limitProblem(p.per_user_limit, p.held, units);
    if (problem) fields[`lines.${mine[0]!.index}.quantity`] = `${p.name}: ${problem}`;
  }
  return cartErrors(fields, lines);
}

/** A refusal of the order's lines as the cart shows it: each sentence naming its line's package. */
export function cartErrors(fields: Record<string, string>, lines: readonly CartLineView[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const m = /^lines\.(\d+)\.(.+)$/.exec(key);
    const line = m ? lines[Number(m[1])] : undefined;
    if (!line) {
      out[key] ??= message;
      continue;
    }
    const named = message.startsWith(`${line.packageName}:`) ? message : `${line.packageName}: ${message}`;
    out[m![2] === 'quantity' && line.allowQuantity ? `quantity-${line.id}` : `line-${line.id}`] ??= named;
  }
  return out;
}
