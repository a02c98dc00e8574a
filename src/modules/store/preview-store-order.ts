import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteLines, type OrderQuote } from '../orders/quote-lines.ts';
import { quoteOrder } from '../orders/quote-order.ts';
import type { Quote } from '../pricing/rules/quote.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { listPackageAddons, type AddonGroupOffer } from './list-package-addons.ts';
import { loadStorePackage, type StorePackage } from './load-store-package.ts';
import { loadStoreViewer, type StoreViewer } from './load-store-viewer.ts';
import { addonTermOf, addonsPastStock, pageFields, readAddonChoice, type AddonChoice } from './rules/addon-choice.ts';
import {
  choiceLine,
  quantityPastLimit,
  quantityPastStock,
  readChoice,
  storeField,
  storeFields,
  type StoreChoice,
} from './rules/store-choice.ts';
import { priceWithCoupon, type AppliedCoupon } from '../coupons/price-with-coupon.ts';

export interface StorePreview {
  page: StorePackage;
  choice: StoreChoice;
  /** The package's own quote; null when the choice has a problem (see errors) or it cannot be ordered. */
  quote: Quote | null;
  /** The add-ons offered with the chosen price (of its term), and what is ticked. */
  addons: AddonGroupOffer[];
  addonChoice: AddonChoice;
  /** With add-ons ticked: the whole order (package and add-ons) as one invoice. */
  order: OrderQuote | null;
  errors: Record<string, string>;
  signedIn: boolean;
  /** The coupon code as typed, and what it takes off when it applies (its lines are in `order`). */
  couponCode: string;
  coupon: AppliedCoupon | null;
}

/** The coupon code field of a posted form, as typed (blank: none). */
export function couponCodeOf(form: Record<string, string | string[] | undefined> | undefined): string {
  const v = form?.couponCode;
  return (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '')).trim().slice(0, 60);
}

/** The order lines of a package page's choice: the package, then each ticked add-on of it. */
export function pageOrderLines(packageId: number, choice: StoreChoice, addonChoice: AddonChoice) {
  return [choiceLine(packageId, choice), ...addonChoice.picks.map((p) => ({ ...p, parentLine: 0 }))];
}

/** The package page's add-ons and what is ticked, for the chosen price. */
export async function readPageAddons(
  em: EntityManager,
  page: StorePackage,
  choice: StoreChoice,
  viewer: StoreViewer,
  form: Record<string, string | string[]>,
  now: Date,
) {
  const term = addonTermOf(page.prices, choice);
  const addons = term
    ? await listPackageAddons(em, page.id, viewer, now, { intervalCount: term.intervalCount!, period: term.period! })
    : [];
  return {
    addons,
    addonChoice: readAddonChoice(
      addons.flatMap((g) => g.packages),
      form,
    ),
  };
}

/**
 * A package page's posted form (its choices and ticked add-ons), read the way its preview reads
 * it; any refusal is thrown, keyed by the page's fields. Checkout and the cart both start here.
 */
export async function readPostedStoreForm(
  em: EntityManager,
  input: { slug: string; clientId: number | null; form: Record<string, string | string[]> },
  now: Date,
) {
  const viewer = await loadStoreViewer(em, input.clientId);
  const { detail, page } = await loadStorePackage(em, input.slug, viewer, now);
  if (page.unavailable) throw new DomainError(page.unavailable, '_');
  const { choice, errors } = readChoice(page, input.form, true);
  if (Object.keys(errors).length) throw DomainError.fromFields(errors);
  const { addons, addonChoice } = await readPageAddons(em, page, choice, viewer, input.form, now);
  if (Object.keys(addonChoice.errors).length) throw DomainError.fromFields(addonChoice.errors);
  return { viewer, detail, choice, addons, addonChoice };
}

/**
 * A package page with the price of the choice made so far, from the same quoting checkout uses
 * (quoteOrder; quoteLines when add-ons are ticked). A refused choice (an option not offered with
 * that pricing option) is not an error here: its sentence comes back for the field, and the page
 * still renders.
 */
export async function previewStoreOrder(
  em: EntityManager,
  input: { slug: string; clientId: number | null; form?: Record<string, string | string[]>; errors?: Record<string, string> },
  now: Date,
): Promise<StorePreview> {
  const viewer = await loadStoreViewer(em, input.clientId);
  const { detail, page } = await loadStorePackage(em, input.slug, viewer, now);
  const { choice, errors } = readChoice(page, input.form ?? {}, input.form !== undefined);
  const { addons, addonChoice } = await readPageAddons(em, page, choice, viewer, input.form ?? {}, now);
  Object.assign(errors, addonChoice.errors);
  let quote: Quote | null = null;
  let order: OrderQuote | null = null;
  let coupon: AppliedCoupon | null = null;
  const couponCode = couponCodeOf(input.form);
  if (!page.unavailable && page.prices.length && !Object.keys(errors).length) {
    const today = calendarDateOf(now);
    const client = {
      id: viewer.clientId ?? 0,
      country: viewer.country,
      vatId: viewer.vatId,
      currency: viewer.currency.code,
      language: viewer.pageLanguage,
    };
    try {
      if (addonChoice.picks.length) {
        order = await quoteLines(em, client, pageOrderLines(detail.id, choice, addonChoice), { today, single: false });
        quote = order.lines[0]!.quote;
      } else {
        const choiceInput = { ...choiceLine(detail.id, choice), currency: viewer.currency.code };
        quote = (
          await quoteOrder(em, choiceInput, {
            country: viewer.country,
            vatId: viewer.vatId,
            language: viewer.pageLanguage,
            today,
            pkg: detail,
          })
        ).quote;
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      Object.assign(errors, addonChoice.picks.length ? pageFields(err.fields, addonChoice.picks, storeField) : storeFields(err.fields));
    }
    if (quote && couponCode) {
      // The summary with the coupon's lines; a code that cannot be used leaves the price as it was and says why.
      try {
        const base = order ?? (await quoteLines(em, client, [choiceLine(detail.id, choice)], { today, single: true }));
        const applied = await priceWithCoupon(em, base, { code: couponCode, clientId: client.id, today });
        order = applied.priced;
        quote = order.lines[0]!.quote;
        coupon = applied.coupon;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.couponCode = err.message;
      }
    }
  }
  // Said after the price, so the summary still shows what the quantity costs.
  const past = quantityPastLimit(page, choice.quantity) ?? quantityPastStock(page, choice.quantity);
  if (past && !errors.quantity) errors.quantity = past;
  for (const [field, message] of Object.entries(
    addonsPastStock(
      addons.flatMap((g) => g.packages),
      addonChoice.picks,
      choice.quantity,
    ),
  ))
    errors[field] ??= message;
  // NOTE: a checkout refusal ("Only 2 left.") comes in from outside and still shows the price.
  return {
    page,
    choice,
    quote,
    addons,
    addonChoice,
    order,
    errors: { ...errors, ...input.errors },
    signedIn: viewer.clientId !== null,
    couponCode,
    coupon,
  };
}
