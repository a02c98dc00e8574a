import type { EntityManager } from '@mikro-orm/postgresql';
import { taxTreatment, type TaxTreatment } from './rules/eu-vat.ts';
import { sellerCountry } from './seller-details.ts';
import { taxRateFor } from './store-currencies.ts';

/** What a buyer pays in VAT, from cached store facts: their country's rate, or reverse charge. */
export async function taxTreatmentFor(em: EntityManager, buyer: { country: string | null; vatId: string | null }): Promise<TaxTreatment> {
  const [seller, countryRate] = await Promise.all([sellerCountry(em), buyer.country ? taxRateFor(em, buyer.country) : null]);
  return taxTreatment({ sellerCountry: seller, buyerCountry: buyer.country, buyerVatId: buyer.vatId, countryRate });
}
