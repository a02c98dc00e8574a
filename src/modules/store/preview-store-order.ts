import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteOrder } from '../orders/quote-order.ts';
import type { Quote } from '../pricing/rules/quote.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { loadStorePackage, type StorePackage } from './load-store-package.ts';
import { loadStoreViewer } from './load-store-viewer.ts';
import { chosenOptionIds, readChoice, storeFields, type StoreChoice } from './rules/store-choice.ts';

export interface StorePreview {
  page: StorePackage;
  choice: StoreChoice;
  /** Null when the choice has a problem (see errors) or the package cannot be ordered. */
  quote: Quote | null;
  errors: Record<string, string>;
  signedIn: boolean;
}

/**
 * A package page with the price of the choice made so far, from the same quoteOrder checkout
 * uses. A refused choice (an option not offered with that pricing option) is not an error
 * here: its sentence comes back for the field, and the page still renders.
 */
export async function previewStoreOrder(
  em: EntityManager,
  input: { slug: string; clientId: number | null; form?: Record<string, string | string[]>; errors?: Record<string, string> },
  now: Date,
): Promise<StorePreview> {
  const viewer = await loadStoreViewer(em, input.clientId);
  const { detail, page } = await loadStorePackage(em, input.slug, viewer, now);
  const { choice, errors } = readChoice(page, input.form ?? {}, input.form !== undefined);
  let quote: Quote | null = null;
  if (!page.unavailable && page.prices.length && !Object.keys(errors).length) {
    try {
      const choiceInput = { packageId: detail.id, priceName: choice.priceName, optionIds: chosenOptionIds(choice), quantity: choice.quantity, currency: viewer.currency.code };
      quote = (await quoteOrder(em, choiceInput, { country: viewer.country, today: calendarDateOf(now), pkg: detail })).quote;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      Object.assign(errors, storeFields(err.fields));
    }
  }
  // NOTE: a checkout refusal ("Only 2 left.") comes in from outside and still shows the price.
  return { page, choice, quote, errors: { ...errors, ...input.errors }, signedIn: viewer.clientId !== null };
}
