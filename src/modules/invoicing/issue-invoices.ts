import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { taxTreatment } from '../settings/rules/eu-vat.ts';
import { getSellerDetails } from '../settings/seller-details.ts';
import { documentFormat } from './document-formats.ts';
import { nextDocumentNumbers } from './next-document-number.ts';
import { buyerOf, type InvoiceBuyer, type InvoiceSeller } from './rules/invoice-parties.ts';

/**
 * Issues invoices just inserted in the caller's transaction (DOMAIN.md "Invoice documents"): each
 * gets the next number of the `invoice` series, in id order, and copies of the seller and the
 * buyer as they are now, so later edits of either change no issued invoice.
 * NOTE: the numbers come from one counter row whose lock is held until the caller commits, so a
 * rolled-back issue leaves no gap and two issuers never share a number; it is taken last here,
 * and callers issue as late in their transaction as they can, since every issuer waits on it.
 * An invoice already numbered (or a draft) is left alone, so calling twice takes no number twice.
 */
export interface IssuedInvoice {
  number: string;
  seller: InvoiceSeller;
  buyer: InvoiceBuyer;
  reverseCharge: boolean;
}

/** Returns what each invoice was issued with, by id (those issued before are not in it). */
export async function issueInvoices(tx: EntityManager, invoiceIds: readonly number[], now: Date): Promise<Map<number, IssuedInvoice>> {
  if (!invoiceIds.length) return new Map();
  const q = db(tx);
  const rows = await q
    .selectFrom('invoice as i')
    .innerJoin('client as c', 'c.id', 'i.client_id')
    .select(['i.id', 'i.tax_rate', 'c.name', 'c.email', 'c.company', 'c.address', 'c.country', 'c.vat_id'])
    .where('i.id', 'in', [...invoiceIds])
    .where('i.number', 'is', null)
    .where('i.status', '<>', 'draft')
    .orderBy('i.id')
    .execute();
  if (!rows.length) return new Map();
  const [seller, format] = await Promise.all([getSellerDetails(tx), documentFormat(tx, 'invoice')]);
  const numbers = await nextDocumentNumbers(tx, 'invoice', format, now, rows.length);
  const issued = rows.map((r, i) => {
    const buyer = buyerOf(r);
    // The tax was priced with the same rule; the flag only says so on paper when VAT was due at all.
    const reverseCharge = r.tax_rate !== null && Number(r.tax_rate) === 0 && taxTreatment({ sellerCountry: seller.country, buyerCountry: r.country, buyerVatId: r.vat_id, countryRate: null }).reverseCharge;
    return { id: r.id, number: numbers[i]!, buyer, reverse_charge: reverseCharge };
  });
  await sql`
    update invoice i set number = r.number, buyer = r.buyer, seller = ${JSON.stringify(seller)}::jsonb, reverse_charge = r.reverse_charge
      from jsonb_to_recordset(${JSON.stringify(issued)}::jsonb) as r(id int, number text, buyer jsonb, reverse_charge boolean)
     where i.id = r.id`.execute(q);
  return new Map(issued.map((i) => [i.id, { number: i.number, seller, buyer: i.buyer, reverseCharge: i.reverse_charge }]));
}
