import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { taxTreatment } from '../settings/rules/eu-vat.ts';
import { getSellerDetails } from '../settings/seller-details.ts';
import { documentFormat } from './document-formats.ts';
import { numberParts, sequenceYear } from './rules/document-number.ts';
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

/** An invoice to issue with its buyer's details, as the issuer has them in hand. */
export interface IssueRow {
  id: number;
  tax_rate: string | null;
  name: string;
  email: string;
  company: string | null;
  address: string | null;
  country: string | null;
  vat_id: string | null;
}

/**
 * What issuing reads besides the invoices: a caller that has them (checkout reads them through
 * the cache before its transaction) passes them, so issuing is one statement under its locks.
 */
export interface IssueFacts {
  /** The invoices just inserted, with their buyers: not read again. */
  rows?: readonly IssueRow[];
  seller?: InvoiceSeller;
  format?: string;
}

/** Returns what each invoice was issued with, by id (those issued before are not in it). */
export async function issueInvoices(
  tx: EntityManager,
  invoiceIds: readonly number[],
  now: Date,
  facts: IssueFacts = {},
): Promise<Map<number, IssuedInvoice>> {
  if (!invoiceIds.length) return new Map();
  if (!tx.isInTransaction()) throw new Error('Issue invoices inside the transaction that makes them.');
  const q = db(tx);
  const rows =
    facts.rows ??
    (await q
      .selectFrom('invoice as i')
      .innerJoin('client as c', 'c.id', 'i.client_id')
      .select(['i.id', 'i.tax_rate', 'c.name', 'c.email', 'c.company', 'c.address', 'c.country', 'c.vat_id'])
      .where('i.id', 'in', [...invoiceIds])
      .where('i.number', 'is', null)
      .where('i.status', '<>', 'draft')
      .orderBy('i.id')
      .execute());
  if (!rows.length) return new Map();
  const [seller, format] = await Promise.all([facts.seller ?? getSellerDetails(tx), facts.format ?? documentFormat(tx, 'invoice')]);
  const year = sequenceYear(format, now);
  const { before, width, after } = numberParts(format, year);
  const issued = rows.map((r, ord) => {
    const buyer = buyerOf(r);
    // The tax was priced with the same rule; the flag only says so on paper when VAT was due at all.
    const reverseCharge =
      r.tax_rate !== null &&
      Number(r.tax_rate) === 0 &&
      taxTreatment({ sellerCountry: seller.country, buyerCountry: r.country, buyerVatId: r.vat_id, countryRate: null }).reverseCharge;
    return { id: r.id, ord, buyer, reverse_charge: reverseCharge };
  });
  // One statement: the counter advanced by as many as are issued (created for a new year), and
  // each invoice numbered from it in id order, with its copies of the parties.
  // NOTE: PostgreSQL runs the data-modifying CTE once, whatever the update reads of it.
  const { rows: numbered } = await sql<{ id: number; number: string }>`
    with seq as (
      insert into document_sequence (series, year, next) values ('invoice', ${year}, ${1 + rows.length})
      on conflict (series, year) do update set next = document_sequence.next + ${rows.length}
      returning next - ${rows.length} as first
    )
    update invoice i
       set number = ${before} || case when length(c.n) >= ${width} then c.n else lpad(c.n, ${width}, '0') end || ${after},
           buyer = r.buyer, seller = ${JSON.stringify(seller)}::jsonb, reverse_charge = r.reverse_charge
      from jsonb_to_recordset(${JSON.stringify(issued)}::jsonb) as r(id int, ord int, buyer jsonb, reverse_charge boolean)
     cross join seq
     cross join lateral (select (seq.first + r.ord)::text as n) c
     where i.id = r.id
     returning i.id, i.number`.execute(q);
  const numberOf = new Map(numbered.map((n) => [n.id, n.number]));
  return new Map(issued.map((i) => [i.id, { number: numberOf.get(i.id)!, seller, buyer: i.buyer, reverseCharge: i.reverse_charge }]));
}
