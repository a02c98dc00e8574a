import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import type { DocumentParty } from './rules/invoice-document.ts';

const companySetting = z.object({ name: z.string().trim().min(1) });

/**
 * Who sells and who buys, as a document prints them: the store's name (the `company` setting)
 * and the client's name, email and country.
 * NOTE: read when the document is printed. Once invoices keep a copy of both parties from the day
 * they were issued, that copy is what to print; the seller's address and tax ID join its lines.
 */
export async function loadDocumentParties(em: EntityManager, clientId: number): Promise<{ seller: DocumentParty; buyer: DocumentParty }> {
  const q = db(em);
  const [company, client] = await Promise.all([
    q.selectFrom('setting').select('value').where('key', '=', 'company').executeTakeFirst(),
    q.selectFrom('client').select(['name', 'email', 'country']).where('id', '=', clientId).executeTakeFirstOrThrow(),
  ]);
  return {
    seller: { name: companySetting.safeParse(company?.value).data?.name ?? 'Hostbill', lines: [] },
    buyer: { name: client.name, lines: [client.email, ...(client.country ? [client.country] : [])] },
  };
}
