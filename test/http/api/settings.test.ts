import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { getBillingSettings } from '../../../src/modules/settings/billing-settings.ts';
import { storeCurrencies, taxRateFor } from '../../../src/modules/settings/store-currencies.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { makePackage, seedBasics } from '../fixtures.ts';
import { apiCaller, expectApiError } from './helpers.ts';

let t: TestApp;
let owner: string;
let support: string;
const api = apiCaller(
  () => t,
  () => owner,
);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  const pkg = await makePackage(t, catalogId, 'Priced in EUR');
  await savePrice(t.em(), pkg, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'EUR',
    price: '9',
  });
  owner = await apiToken(t, 'owner');
  support = await apiToken(t, 'support');
});
afterAll(() => t.close());

describe('/api/v1/settings/currencies', () => {
  it('lists, creates, updates and removes a currency; checkout’s cached list follows', async () => {
    const list = await api('GET', '/settings/currencies');
    expect(list.json.data.map((c: { code: string }) => c.code)).toEqual(['USD', 'EUR']);
    const created = await api('POST', '/settings/currencies', { code: 'gbp', name: 'Pound', rate: '0.79', minorUnits: 2 });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ code: 'GBP', name: 'Pound', rate: '0.79000000', isDefault: false });
    expect((await storeCurrencies(t.em())).find((c) => c.code === 'GBP')?.rate).toBe('0.79000000');
    const patched = await api('PATCH', '/settings/currencies/GBP', { rate: '0.8' });
    expect(patched.json.data).toMatchObject({ code: 'GBP', name: 'Pound', rate: '0.80000000' });
    expect((await api('GET', '/settings/currencies/gbp')).json.data.rate).toBe('0.80000000');
    expect((await storeCurrencies(t.em())).find((c) => c.code === 'GBP')?.rate).toBe('0.80000000');
    const page = await (await staffClient(t, 'owner')).request('/admin/settings');
    expect(await page.text()).toContain('Pound');
    expect((await api('DELETE', '/settings/currencies/GBP')).status).toBe(204);
    expectApiError(await api('GET', '/settings/currencies/GBP'), 404);
  });

  it('makes another currency the default through the same rule as the form', async () => {
    await api('POST', '/settings/currencies', { code: 'CHF', name: 'Franc', rate: '0.9' });
    expectApiError(await api('PATCH', '/settings/currencies/CHF', { isDefault: true, rate: '0.9' }), 422, 'rate');
    const made = await api('PATCH', '/settings/currencies/CHF', { isDefault: true, rate: '1' });
    expect(made.json.data).toMatchObject({ code: 'CHF', isDefault: true, rate: '1.00000000' });
    expect((await storeCurrencies(t.em()))[0]?.code).toBe('CHF');
    expectApiError(await api('PATCH', '/settings/currencies/CHF', { isDefault: false }), 422, 'isDefault');
    await api('PATCH', '/settings/currencies/USD', { isDefault: true, rate: '1' });
    expect((await storeCurrencies(t.em()))[0]?.code).toBe('USD');
  });

  it.each<[string, unknown, string]>([
    ['no code', { name: 'X', rate: '1' }, 'code'],
    ['a code of junk', { code: '12', name: 'X', rate: '1' }, 'code'],
    ['no rate', { code: 'JPY', name: 'Yen' }, 'rate'],
    ['a zero rate', { code: 'JPY', name: 'Yen', rate: '0' }, 'rate'],
    ['a rate of junk', { code: 'JPY', name: 'Yen', rate: 'lots' }, 'rate'],
    ['too many decimals', { code: 'JPY', name: 'Yen', rate: '1', minorUnits: 9 }, 'minorUnits'],
    ['a flag of junk', { code: 'JPY', name: 'Yen', rate: '1', isDefault: 'maybe' }, 'isDefault'],
  ])('refuses a currency with %s (422 naming the field)', async (_label, body, field) => {
    expectApiError(await api('POST', '/settings/currencies', body), 422, field);
  });

  it.each<[string, unknown, string]>([
    ['a rate of junk', { rate: 'lots' }, 'rate'],
    ['a negative rate', { rate: '-1' }, 'rate'],
    ['a name too long', { name: 'x'.repeat(61) }, 'name'],
  ])('refuses an update with %s (422) and keeps the currency', async (_label, body, field) => {
    expectApiError(await api('PATCH', '/settings/currencies/EUR', body), 422, field);
    expect((await api('GET', '/settings/currencies/EUR')).json.data).toMatchObject({ name: 'Euro', rate: '0.92000000' });
  });

  it('refuses a taken code (409), an unknown one (404), junk bodies (422) and removing a currency in use (409)', async () => {
    expectApiError(await api('POST', '/settings/currencies', { code: 'eur', name: 'Euro', rate: '1' }), 409);
    expectApiError(await api('PATCH', '/settings/currencies/XYZ', { rate: '1' }), 404);
    expectApiError(await api('DELETE', '/settings/currencies/XYZ'), 404);
    expectApiError(await api('POST', '/settings/currencies', 'not json'), 422, 'body');
    expectApiError(await api('POST', '/settings/currencies', '[1]'), 422, 'body');
    expectApiError(await api('DELETE', '/settings/currencies/EUR'), 409);
    expectApiError(await api('DELETE', '/settings/currencies/USD'), 409);
  });

  it('adds a code once when the same create arrives eight times at once: one 201, seven 409, the first body kept', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api('POST', '/settings/currencies', { code: 'SEK', name: `Krona ${i}`, rate: `10.${i}`, minorUnits: 2 }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const won = answers.find((a) => a.status === 201)!.json.data as { name: string; rate: string };
    expect((await api('GET', '/settings/currencies/SEK')).json.data).toMatchObject({ name: won.name, rate: won.rate });
    for (const lost of answers.filter((a) => a.status === 409)) expectApiError(lost, 409);
    expect((await api('DELETE', '/settings/currencies/SEK')).status).toBe(204);
  });

  it('answers a NUL in a path with 404, before it reaches PostgreSQL', async () => {
    for (const path of ['/settings/currencies/%00', '/settings/currencies/US%00D', '/settings/tax-rates/%00'])
      for (const method of ['GET', 'PATCH', 'DELETE']) expectApiError(await api(method, path, method === 'PATCH' ? {} : undefined), 404);
    expect((await storeCurrencies(t.em())).map((c) => c.code)).toContain('USD');
  });
});

describe('/api/v1/settings/tax-rates', () => {
  it('creates, lists, updates and deletes a rate; the cached rate checkout reads follows', async () => {
    const created = await api('POST', '/settings/tax-rates', { country: 'de', name: 'MwSt', rate: '19' });
    expect(created.status).toBe(201);
    expect(created.json.data).toEqual({ country: 'DE', name: 'MwSt', rate: '19.0000' });
    expect(await taxRateFor(t.em(), 'DE')).toMatch(/^19/);
    expect((await api('GET', '/settings/tax-rates')).json.data).toEqual([{ country: 'DE', name: 'MwSt', rate: '19.0000' }]);
    expect((await api('PATCH', '/settings/tax-rates/de', { rate: '7.5' })).json.data).toEqual({
      country: 'DE',
      name: 'MwSt',
      rate: '7.5000',
    });
    expect(await taxRateFor(t.em(), 'DE')).toMatch(/^7\.5/);
    expectApiError(await api('POST', '/settings/tax-rates', { country: 'DE', name: 'again', rate: '1' }), 409);
    expect((await api('DELETE', '/settings/tax-rates/DE')).status).toBe(204);
    expect(await taxRateFor(t.em(), 'DE')).toBeNull();
    expectApiError(await api('DELETE', '/settings/tax-rates/DE'), 404);
    expectApiError(await api('PATCH', '/settings/tax-rates/DE', { rate: '1' }), 404);
    expectApiError(await api('GET', '/settings/tax-rates/ZZ'), 404);
  });

  it('adds a country once when the same create arrives eight times at once: one 201, seven 409, the first body kept', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api('POST', '/settings/tax-rates', { country: 'FR', name: `TVA ${i}`, rate: String(10 + i) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const won = answers.find((a) => a.status === 201)!.json.data as { name: string };
    // What is stored is what the one 201 said, not a later body written over it.
    expect((await api('GET', '/settings/tax-rates/FR')).json.data).toEqual(won);
    for (const lost of answers.filter((a) => a.status === 409)) expectApiError(lost, 409);
    expect((await api('DELETE', '/settings/tax-rates/FR')).status).toBe(204);
  });

  it.each<[string, unknown, string]>([
    ['no country', { name: 'VAT', rate: '20' }, 'country'],
    ['a country of junk', { country: 'France', name: 'VAT', rate: '20' }, 'country'],
    ['a rate over 100', { country: 'FR', name: 'VAT', rate: '120' }, 'rate'],
    ['a rate of junk', { country: 'FR', name: 'VAT', rate: 'high' }, 'rate'],
    ['a negative rate', { country: 'FR', name: 'VAT', rate: '-1' }, 'rate'],
    ['a name too long', { country: 'FR', name: 'x'.repeat(61), rate: '20' }, 'name'],
  ])('refuses a tax rate with %s (422 naming the field)', async (_label, body, field) => {
    expectApiError(await api('POST', '/settings/tax-rates', body), 422, field);
  });

  it('refuses junk in an update', async () => {
    await api('POST', '/settings/tax-rates', { country: 'AT', name: 'USt', rate: '20' });
    expectApiError(await api('PATCH', '/settings/tax-rates/AT', { rate: 'junk' }), 422, 'rate');
    expectApiError(await api('PATCH', '/settings/tax-rates/AT', 'nope'), 422, 'body');
    expect((await api('GET', '/settings/tax-rates/AT')).json.data.rate).toBe('20.0000');
  });
});

describe('/api/v1/settings/billing', () => {
  it('reads and updates the billing settings; the cached getter follows', async () => {
    expect((await api('GET', '/settings/billing')).json.data).toEqual({
      invoiceDaysBefore: 7,
      suspendAfterDays: 3,
      terminateAfterDays: 14,
      reservationMinutes: 30,
      groupRenewals: true,
    });
    const patched = await api('PATCH', '/settings/billing', { invoiceDaysBefore: 10, groupRenewals: false });
    expect(patched.json.data).toEqual({
      invoiceDaysBefore: 10,
      suspendAfterDays: 3,
      terminateAfterDays: 14,
      reservationMinutes: 30,
      groupRenewals: false,
    });
    expect(await getBillingSettings(t.em())).toMatchObject({ invoiceDaysBefore: 10, groupRenewals: false });
    expect((await api('GET', '/settings/billing')).json.data.invoiceDaysBefore).toBe(10);
  });

  it.each<[string, unknown, string]>([
    ['days of junk', { invoiceDaysBefore: 'soon' }, 'invoiceDaysBefore'],
    ['too many days', { invoiceDaysBefore: 91 }, 'invoiceDaysBefore'],
    ['termination before suspension', { suspendAfterDays: 20, terminateAfterDays: 10 }, 'terminateAfterDays'],
    ['no reservation time', { reservationMinutes: 0 }, 'reservationMinutes'],
    ['a flag of junk', { groupRenewals: 'perhaps' }, 'groupRenewals'],
  ])('refuses %s (422 naming the field) and keeps what was stored', async (_label, body, field) => {
    const before = (await api('GET', '/settings/billing')).json.data;
    expectApiError(await api('PATCH', '/settings/billing', body), 422, field);
    expect((await api('GET', '/settings/billing')).json.data).toEqual(before);
  });
});

describe('a support token', () => {
  it('reads the settings but changes none', async () => {
    const as = { token: support };
    expect((await api('GET', '/settings/currencies', undefined, as)).status).toBe(200);
    expect((await api('GET', '/settings/tax-rates', undefined, as)).status).toBe(200);
    expect((await api('GET', '/settings/billing', undefined, as)).status).toBe(200);
    expectApiError(await api('POST', '/settings/currencies', { code: 'SEK', name: 'Krona', rate: '11' }, as), 403);
    expectApiError(await api('PATCH', '/settings/currencies/EUR', { rate: '2' }, as), 403);
    expectApiError(await api('DELETE', '/settings/currencies/EUR', undefined, as), 403);
    expectApiError(await api('POST', '/settings/tax-rates', { country: 'SE', name: 'Moms', rate: '25' }, as), 403);
    expectApiError(await api('PATCH', '/settings/billing', { invoiceDaysBefore: 1 }, as), 403);
    expect((await api('GET', '/settings/currencies/EUR')).json.data.rate).toBe('0.92000000');
    expectApiError(await api('GET', '/settings/currencies/SEK'), 404);
  });
});
