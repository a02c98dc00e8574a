import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { getSellerDetails, sellerLines } from '../settings/seller-details.ts';
import type { DocumentParty } from './rules/invoice-document.ts';

/**
 * Who sells and who buys, as a document prints them: the seller details staff set (Settings)
 * and the client's name, email and country, with the seller's footer text.
 * NOTE: read when the document is printed. Once invoices keep a copy of both parties from the day
 * they were issued, that copy is what to print.
 */
export async function loadDocumentParties(em: EntityManager, clientId: number): Promise<{ seller: DocumentParty; buyer: DocumentParty; footer: string }> {
  const q = db(em);
  const [seller, client] = await Promise.all([getSellerDetails(em), q.selectFrom('client').select(['name', 'email', 'country']).where('id', '=', clientId).executeTakeFirstOrThrow()]);
  return {
    footer: seller.footer,
    seller: { name: seller.name, lines: sellerLines(seller) },
    buyer: { name: client.name, lines: [client.email, ...(client.country ? [client.country] : [])] },
  };
}
