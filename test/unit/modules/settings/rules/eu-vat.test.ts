import { describe, expect, it } from 'vitest';
import { EU_COUNTRIES, euCountryOfVatId, normalizeVatId, taxTreatment } from '../../../../../src/modules/settings/rules/eu-vat.ts';

describe('normalizeVatId', () => {
  it.each([
    ['de 811.569.869', 'DE', 'DE811569869'],
    ['811569869', 'DE', 'DE811569869'],
    ['atu12345678', 'AT', 'ATU12345678'],
    ['123456789', 'GR', 'EL123456789'],
    ['EL123456789', 'GR', 'EL123456789'],
    ['NL123456789B01', 'NL', 'NL123456789B01'],
    ['X1234567X', 'ES', 'ESX1234567X'],
    ['FR XX 123456789', 'FR', 'FRXX123456789'],
    ['SE 1234567890 01', 'SE', 'SE123456789001'],
    ['ein-12-3456789', 'US', 'EIN123456789'],
  ])('%s in %s is %s', (raw, country, value) => expect(normalizeVatId(raw, country)).toEqual({ value }));

  it.each([
    ['DE12345', 'DE', 'looks like DE123456789'],
    ['FR12345678901', 'DE', 'starts with DE'],
    ['GR123456789', 'GR', 'starts with EL'],
    ['DE811569869', 'FR', 'starts with FR'],
    ['NL123456789001', 'NL', 'looks like NL123456789B01'],
    ['123', 'US', '4 to 20 letters and digits'],
    ['DE811569869', null, 'Choose your country first'],
    ['  ', 'DE', 'Enter the VAT ID'],
  ])('refuses %s in %s', (raw, country, says) => {
    const r = normalizeVatId(raw, country);
    expect('error' in r && r.error).toContain(says);
  });

  it('knows the 27 member states', () => expect(EU_COUNTRIES).toHaveLength(27));
});

describe('euCountryOfVatId', () => {
  it('names the EU country whose prefix an ID starts with, Greece by EL, and none for others', () => {
    expect(euCountryOfVatId(' de 123.456.789')).toBe('DE');
    expect(euCountryOfVatId('EL123456789')).toBe('GR');
    expect(euCountryOfVatId('GR123456789')).toBeNull();
    expect(euCountryOfVatId('12-3456789')).toBeNull();
    expect(euCountryOfVatId('')).toBeNull();
  });
});

describe('taxTreatment', () => {
  const t = (sellerCountry: string | null, buyerCountry: string | null, buyerVatId: string | null) =>
    taxTreatment({ sellerCountry, buyerCountry, buyerVatId, countryRate: '20.0000' });
  it('reverse-charges a business in another EU country', () =>
    expect(t('DE', 'FR', 'FRXX123456789')).toEqual({ rate: '0', reverseCharge: true }));
  it('charges a business in the seller country its rate', () =>
    expect(t('DE', 'DE', 'DE811569869')).toEqual({ rate: '20.0000', reverseCharge: false }));
  it('charges an EU consumer its country rate', () => expect(t('DE', 'FR', null)).toEqual({ rate: '20.0000', reverseCharge: false }));
  it('leaves buyers outside the EU to the rates staff set', () =>
    expect(t('DE', 'US', 'EIN123456789')).toEqual({ rate: '20.0000', reverseCharge: false }));
  it('never reverse-charges for a seller with no country or outside the EU', () => {
    expect(t(null, 'FR', 'FRXX123456789').reverseCharge).toBe(false);
    expect(t('GB', 'FR', 'FRXX123456789').reverseCharge).toBe(false);
  });
});
