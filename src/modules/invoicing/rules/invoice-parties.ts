import { countryName } from '../../settings/rules/countries.ts';

// The two parties of an invoice, as copied onto it when it is issued (DOMAIN.md "Invoice
// documents": later edits of either change no issued invoice), and as a document prints them. Pure.

/** The seller details (settings/seller-details.ts) as an invoice keeps them. */
export interface InvoiceSeller {
  name: string;
  address: string;
  country: string;
  vatId: string;
  registrationNumber: string;
  email: string;
  bankDetails: string;
  footer: string;
}

/** A party as printed: its name first, then whatever else is known of it. */
export interface DocumentParty {
  name: string;
  lines: string[];
}

export interface InvoiceBuyer {
  name: string;
  email: string;
  company: string | null;
  address: string | null;
  country: string | null;
  vatId: string | null;
}

const addressLines = (address: string | null) => (address ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** A business is addressed by its company name, for the attention of the person. */
export function buyerParty(b: InvoiceBuyer): DocumentParty {
  return {
    name: b.company || b.name,
    lines: [...(b.company ? [b.name] : []), ...addressLines(b.address), ...(b.country ? [countryName(b.country)] : []), b.email, ...(b.vatId ? [`VAT ID: ${b.vatId}`] : [])],
  };
}

/** The seller's address, country, email, VAT ID and registration under its name. */
export function sellerParty(s: InvoiceSeller): DocumentParty {
  return {
    name: s.name,
    lines: [
      ...addressLines(s.address),
      ...(s.country ? [countryName(s.country)] : []),
      ...(s.email ? [s.email] : []),
      ...(s.vatId ? [`VAT ID: ${s.vatId}`] : []),
      ...(s.registrationNumber ? [`Registration: ${s.registrationNumber}`] : []),
    ],
  };
}
