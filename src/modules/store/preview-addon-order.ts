import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteAddon } from '../orders/quote-addon.ts';
import type { Quote } from '../pricing/rules/quote.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { listAddonOffers, type AddonOffers } from './list-addon-offers.ts';
import type { StorePackage } from './load-store-package.ts';
import { choiceLine, quantityPastStock, readChoice, storeFields, type StoreChoice } from './rules/store-choice.ts';

export interface AddonPreview {
  serviceId: number;
  parent: NonNullable<AddonOffers['parent']>;
  /** The add-on as a store package page shows it, so the store's choice controls and summary serve. */
  page: StorePackage;
  choice: StoreChoice;
  quote: Quote | null;
  errors: Record<string, string>;
}

/** The add-on offered to the service as a store page shows a package, or why it cannot be added. */
export async function addonPage(em: EntityManager, input: { clientId: number; serviceId: number; packageId: number }, now: Date) {
  const offers = await listAddonOffers(em, input.clientId, input.serviceId, now);
  if (!offers.parent) throw new DomainError(offers.problem ?? 'This service takes no add-ons.', 'parentServiceId');
  const offer = offers.groups.flatMap((g) => g.packages).find((p) => p.id === input.packageId);
  if (!offer) throw new NotFound('That add-on');
  const page: StorePackage = {
    ...offer,
    slug: '',
    iconUrl: null,
    catalogName: '',
    status: 'visible',
    unavailable: null,
    // NOTE: an add-on's per-client limit is said by checkout only (the offers read no holdings).
    perClient: null,
    currency: offers.currency,
  };
  return { parent: offers.parent, page };
}

/**
 * The page for adding one package to a client's running service: its choices (only prices of the
 * service's term) and the price of the choice so far, from quoteAddon, which checkout charges.
 */
export async function previewAddonOrder(
  em: EntityManager,
  input: {
    clientId: number;
    serviceId: number;
    packageId: number;
    form?: Record<string, string | string[]>;
    errors?: Record<string, string>;
  },
  now: Date,
): Promise<AddonPreview> {
  const { parent, page } = await addonPage(em, input, now);
  const { choice, errors } = readChoice(page, input.form ?? {}, input.form !== undefined);
  let quote: Quote | null = null;
  if (!Object.keys(errors).length) {
    try {
      const choiceInput = { clientId: input.clientId, parentServiceId: input.serviceId, ...choiceLine(page.id, choice) };
      quote = (await quoteAddon(em, choiceInput, now)).quote;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      Object.assign(errors, storeFields(err.fields));
    }
  }
  // After the price, so the summary still shows what the choice costs beside the stock's word.
  const past = quantityPastStock(page, choice.quantity);
  if (past && !errors.quantity) errors.quantity = past;
  return { serviceId: input.serviceId, parent, page, choice, quote, errors: { ...errors, ...input.errors } };
}
