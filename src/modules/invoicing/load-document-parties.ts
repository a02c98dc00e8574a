import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { getSellerDetails } from '../settings/seller-details.ts';
import { clientLanguage } from '../clients/client-language.ts';
import type { UiLanguage } from '../../i18n/i18n.ts';
import type { DocumentParty } from './rules/invoice-document.ts';
import { buyerOf, buyerParty, sellerParty, type InvoiceBuyer, type InvoiceSeller } from './rules/invoice-parties.ts';

export interface DocumentParties {
  seller: DocumentParty;
  buyer: DocumentParty;
  footer: string;
  bankDetails: string;
  /** The client's language (else the store's default): what the document is written in. */
  language: UiLanguage;
}

/** The client's billing details as an invoice copies them. */
export async function loadBuyer(em: EntityManager, clientId: number): Promise<InvoiceBuyer> {
  const c = await db(em)
    .selectFrom('client')
    .select(['name', 'email', 'company', 'address', 'country', 'vat_id'])
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow();
  return buyerOf(c);
}

/**
 * Who sells and who buys, as a document prints them: the copies an issued invoice keeps, else
 * (a draft) the seller details and the client's billing details as they stand today.
 */
export async function loadDocumentParties(
  em: EntityManager,
  of: { clientId: number; seller?: InvoiceSeller | null; buyer?: InvoiceBuyer | null },
): Promise<DocumentParties> {
  const [seller, buyer, language] = await Promise.all([
    of.seller ?? getSellerDetails(em),
    of.buyer ?? loadBuyer(em, of.clientId),
    clientLanguage(em, of.clientId),
  ]);
  return {
    seller: sellerParty(seller, language),
    buyer: buyerParty(buyer, language),
    footer: seller.footer,
    bankDetails: seller.bankDetails ?? '',
    language,
  };
}
