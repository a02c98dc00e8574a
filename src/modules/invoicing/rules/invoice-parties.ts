import { countryName } from '../../settings/rules/countries.ts';
import { translator, type UiLanguage } from '../../../i18n/i18n.ts';

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

/** A client row's billing details as an invoice copies them. */
export function buyerOf(c: {
  name: string;
  email: string;
  company: string | null;
  address: string | null;
  country: string | null;
  vat_id: string | null;
}): InvoiceBuyer {
  return { name: c.name, email: c.email, company: c.company, address: c.address, country: c.country, vatId: c.vat_id };
}

const addressLines = (address: string | null) =>
  (address ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const vatLine = (language: UiLanguage, id: string) => translator(language)('documents:party.vatId', { id });

/** A business is addressed by its company name, for the attention of the person. */
export function buyerParty(b: InvoiceBuyer, language: UiLanguage = 'en'): DocumentParty {
  return {
    name: b.company || b.name,
    lines: [
      ...(b.company ? [b.name] : []),
      ...addressLines(b.address),
      ...(b.country ? [countryName(b.country, language)] : []),
      b.email,
      ...(b.vatId ? [vatLine(language, b.vatId)] : []),
    ],
  };
}

/** The seller's address, country, email, VAT ID and registration under its name. */
export function sellerParty(s: InvoiceSeller, language: UiLanguage = 'en'): DocumentParty {
  return {
    name: s.name,
    lines: [
      ...addressLines(s.address),
      ...(s.country ? [countryName(s.country, language)] : []),
      ...(s.email ? [s.email] : []),
      ...(s.vatId ? [vatLine(language, s.vatId)] : []),
      ...(s.registrationNumber ? [translator(language)('documents:party.registration', { number: s.registrationNumber })] : []),
    ],
  };
}
