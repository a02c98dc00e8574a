// The store's price summary words an EU business's 0% as the invoice will ("reverse charge"),
// on the package page and in the cart; a consumer sees their country's rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { saveSellerDetails } from '../../../src/modules/settings/seller-details.ts';
import { saveTaxRate } from '../../../src/modules/settings/save-tax-rate.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { sql } from '../client/helpers.ts';
import { monthly, shopper, storePackage, withCart } from './helpers.ts';

let t: TestApp;
let pkg: { id: number; slug: string };

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'Web Hosting', {}, [monthly('USD', '20.00')]);
  await saveTaxRate(t.em(), { country: 'FR', name: 'TVA', rate: '20' });
  await saveSellerDetails(t.em(), { name: 'Hostbill GmbH', address: 'Torstr. 5\n10119 Berlin', country: 'DE', vatId: 'DE123456789' });
});
afterAll(() => t.close());

const taxRow = (html: string) => /<tfoot>[\s\S]*?<tr>[\s\S]*?<\/tr>\s*<tr>\s*<th scope="row">([^<]*)<\/th>/.exec(html)?.[1];

describe('the price summary under EU reverse charge', () => {
  it('says "reverse charge" for a business in another EU country, on the package page and in the cart', async () => {
    const business = await shopper(t, { currency: 'USD', country: 'FR' });
    await sql(t, `update client set vat_id = 'FRXX123456789', company = 'Société Exemple' where id = ?`, [business.id]);
    expect(taxRow(await textOf(await business.b.get(`/store/${pkg.slug}`)))).toBe('Tax (0%, reverse charge)');
    withCart(business.b);
    await business.b.post(`/store/${pkg.slug}/cart`, { priceName: 'Monthly' });
    expect(taxRow(await textOf(await business.b.get('/cart')))).toBe('Tax (0%, reverse charge)');
  });

  it('shows a consumer in the same country their rate', async () => {
    const consumer = await shopper(t, { currency: 'USD', country: 'FR' });
    expect(taxRow(await textOf(await consumer.b.get(`/store/${pkg.slug}`)))).toBe('Tax (20%)');
  });
});
