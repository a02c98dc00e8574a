// EU VAT: which countries are in the union, what their VAT IDs look like, and who is charged
// VAT. Pure. The formats are the European Commission's (VIES) as published; a format check does
// not prove the number is registered, only that it can be.

/** ISO country code -> the VAT prefix (Greece writes EL) and the digits and letters after it. */
const FORMATS: Readonly<Record<string, { prefix: string; pattern: RegExp; example: string }>> = {
  AT: { prefix: 'AT', pattern: /^U\d{8}$/, example: 'ATU12345678' },
  BE: { prefix: 'BE', pattern: /^[01]\d{9}$/, example: 'BE0123456789' },
  BG: { prefix: 'BG', pattern: /^\d{9,10}$/, example: 'BG123456789' },
  CY: { prefix: 'CY', pattern: /^\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { prefix: 'CZ', pattern: /^\d{8,10}$/, example: 'CZ12345678' },
  DE: { prefix: 'DE', pattern: /^\d{9}$/, example: 'DE123456789' },
  DK: { prefix: 'DK', pattern: /^\d{8}$/, example: 'DK12345678' },
  EE: { prefix: 'EE', pattern: /^\d{9}$/, example: 'EE123456789' },
  ES: { prefix: 'ES', pattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/, example: 'ESX1234567X' },
  FI: { prefix: 'FI', pattern: /^\d{8}$/, example: 'FI12345678' },
  FR: { prefix: 'FR', pattern: /^[A-HJ-NP-Z0-9]{2}\d{9}$/, example: 'FRXX123456789' },
  GR: { prefix: 'EL', pattern: /^\d{9}$/, example: 'EL123456789' },
  HR: { prefix: 'HR', pattern: /^\d{11}$/, example: 'HR12345678901' },
  HU: { prefix: 'HU', pattern: /^\d{8}$/, example: 'HU12345678' },
  IE: { prefix: 'IE', pattern: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567WA' },
  IT: { prefix: 'IT', pattern: /^\d{11}$/, example: 'IT12345678901' },
  LT: { prefix: 'LT', pattern: /^(\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { prefix: 'LU', pattern: /^\d{8}$/, example: 'LU12345678' },
  LV: { prefix: 'LV', pattern: /^\d{11}$/, example: 'LV12345678901' },
  MT: { prefix: 'MT', pattern: /^\d{8}$/, example: 'MT12345678' },
  NL: { prefix: 'NL', pattern: /^\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { prefix: 'PL', pattern: /^\d{10}$/, example: 'PL1234567890' },
  PT: { prefix: 'PT', pattern: /^\d{9}$/, example: 'PT123456789' },
  RO: { prefix: 'RO', pattern: /^[1-9]\d{1,9}$/, example: 'RO1234567890' },
  SE: { prefix: 'SE', pattern: /^\d{10}01$/, example: 'SE123456789001' },
  SI: { prefix: 'SI', pattern: /^\d{8}$/, example: 'SI12345678' },
  SK: { prefix: 'SK', pattern: /^\d{10}$/, example: 'SK1234567890' },
};

export const EU_COUNTRIES: readonly string[] = Object.keys(FORMATS);

export const isEuCountry = (country: string | null | undefined): boolean => !!country && Object.hasOwn(FORMATS, country);

/** Tax numbers of countries outside the EU: checked only for their characters. */
const OTHER_TAX_ID = /^[A-Z0-9]{4,20}$/;

export const VAT_ID_MAX = 20;

/** The EU country whose VAT prefix a VAT ID as typed starts with ("el 123…" is Greece), or null. */
export function euCountryOfVatId(raw: string): string | null {
  const prefix = raw.trim().slice(0, 2).toUpperCase();
  return Object.entries(FORMATS).find(([, f]) => f.prefix === prefix)?.[0] ?? null;
}

/**
 * A VAT ID as typed ("de 123.456.789") checked for `country`'s format and written the one way
 * VIES writes it ("DE123456789"); the country prefix may be left out. Outside the EU any tax
 * number of 4-20 letters and digits is kept as typed (without spaces), for the invoice.
 */
export function normalizeVatId(raw: string, country: string | null | undefined): { value: string } | { error: string } {
  const compact = raw.toUpperCase().replace(/[\s.\-/]+/g, '');
  if (!compact) return { error: 'Enter the VAT ID, or leave the field empty.' };
  if (!country) return { error: 'Choose your country first: a VAT ID is checked against it.' };
  const format = FORMATS[country];
  if (!format) return OTHER_TAX_ID.test(compact) ? { value: compact } : { error: 'Use 4 to 20 letters and digits.' };
  if (compact.startsWith(format.prefix) && format.pattern.test(compact.slice(2))) return { value: compact };
  // Another member state's ID ("DE811569869" for a French client) is refused, even where its
  // letters could pass for the start of this country's number (France's two-character key).
  const other = Object.values(FORMATS).find(
    (f) => f.prefix !== format.prefix && compact.startsWith(f.prefix) && f.pattern.test(compact.slice(2)),
  );
  if (other) return { error: `A VAT ID from this country starts with ${format.prefix}, like ${format.example}.` };
  if (format.pattern.test(compact)) return { value: format.prefix + compact };
  if (/^[A-Z]{2}\d/.test(compact) && !compact.startsWith(format.prefix))
    return { error: `A VAT ID from this country starts with ${format.prefix}, like ${format.example}.` };
  return { error: `That is not a VAT ID of this country: it looks like ${format.example}.` };
}

export interface TaxTreatment {
  /** The rate charged: the buyer's country rate, "0" under reverse charge, null where none is set. */
  rate: string | null;
  /** The invoice must say "Reverse charge": the buyer accounts for the VAT. */
  reverseCharge: boolean;
}

/**
 * Who pays VAT: a business (a VAT ID) in another EU country than the seller's pays none and
 * accounts for it itself (reverse charge); everyone else pays their country's rate.
 * NOTE: a seller with no country, or outside the EU, charges the country rates as staff set them.
 */
export function taxTreatment(input: {
  sellerCountry: string | null | undefined;
  buyerCountry: string | null | undefined;
  buyerVatId: string | null | undefined;
  countryRate: string | null;
}): TaxTreatment {
  const { sellerCountry, buyerCountry, buyerVatId } = input;
  const reverseCharge = isEuCountry(sellerCountry) && isEuCountry(buyerCountry) && buyerCountry !== sellerCountry && !!buyerVatId;
  return reverseCharge ? { rate: '0', reverseCharge } : { rate: input.countryRate, reverseCharge };
}
