import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from '../clients/clients.entities.ts';
import type { OrderCurrency } from '../pricing/rules/quote.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import { DomainError } from '../shared/errors.ts';
import type { UiLanguage } from '../../i18n/i18n.ts';
import { currentLanguage } from '../../i18n/locale.ts';

export interface StoreViewer {
  clientId: number | null;
  country: string | null;
  /** Counts for EU reverse charge (settings/rules/eu-vat.ts). */
  vatId: string | null;
  language: string | null;
  /** The page's language (the request's: profile, then Accept-Language), for the words of quoted lines. */
  pageLanguage: UiLanguage;
  currency: OrderCurrency;
  defaultCurrency: string;
}

/**
 * Who is looking at the store, and in which currency: the signed-in client's own (their
 * country sets the tax), or the default currency for visitors.
 * NOTE: a client whose currency staff removed since sees the default one; checkout then says why.
 */
export async function loadStoreViewer(em: EntityManager, clientId: number | null): Promise<StoreViewer> {
  const [currencies, client] = await Promise.all([
    storeCurrencies(em),
    clientId === null ? null : em.findOne(Client, { id: clientId }, { fields: ['country', 'vatId', 'currency', 'language'] }),
  ]);
  const def = currencies.find((c) => c.isDefault);
  if (!def) throw new DomainError('The store has no default currency yet.', 'currency');
  const row = currencies.find((c) => c.code === client?.currency) ?? def;
  return {
    clientId: client ? clientId : null,
    country: client?.country ?? null,
    vatId: client?.vatId ?? null,
    language: client?.language ?? null,
    pageLanguage: currentLanguage(),
    currency: { code: row.code, minorUnits: row.minorUnits, rate: row.isDefault ? '1' : row.rate },
    defaultCurrency: def.code,
  };
}
