import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { createApp } from '../../../src/app.ts';
import { createCatalog } from '../../../src/modules/catalog/create-catalog.ts';
import { saveTranslation } from '../../../src/modules/catalog/save-translation.ts';
import { placeOrder } from '../../../src/modules/checkout/place-order.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, fieldError, sql, unlabelled } from '../client/helpers.ts';
import { addOsGroup, monthly, shopper, storePackage } from './helpers.ts';

let t: TestApp;
let catalogId: number;
const pk: Record<string, { id: number; slug: string }> = {};
let os: Awaited<ReturnType<typeof addOsGroup>>;

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  pk.vps = await storePackage(
    t,
    catalogId,
    'VPS Small',
    { allowQuantity: '1', stock: 5, description: '<p>2 vCPU &amp; 4 GB <strong>RAM</strong>.</p>' },
    [
      monthly('USD', '12.00'),
      monthly('EUR', '11.00'),
      { name: 'Annual', type: 'recurring', intervalCount: 1, period: 'year', currency: 'USD', price: '100.00' },
    ],
  );
  os = await addOsGroup(t, pk.vps.id);
  await saveTranslation(t.em(), pk.vps.id, { language: 'de', name: 'VPS Klein', description: '<p>Deutsch beschrieben.</p>' });
  pk.converted = await storePackage(t, catalogId, 'Converted Box', {}, [monthly('USD', '10.00', { setupFee: '5' })]);
  pk.hidden = await storePackage(t, catalogId, 'Secret Deal', { status: 'hidden' });
  pk.restricted = await storePackage(t, catalogId, 'Partner Rack', { status: 'restricted' });
  pk.inactive = await storePackage(t, catalogId, 'Old Plan', { status: 'inactive' });
  pk.proRata = await storePackage(t, catalogId, 'Pro Rata Hosting', { proRata: '1', proRataDay: 1, proRataCutoffDay: 20, taxable: '0' }, [
    monthly('USD', '30.00'),
  ]);
  pk.free = await storePackage(t, catalogId, 'Free Tier', {}, [{ name: 'Free', type: 'free', currency: 'USD', price: '0' }]);
  const hiddenCatalog = await createCatalog(t.em(), { name: 'Internal', hidden: '1' });
  pk.inHiddenCatalog = await storePackage(t, hiddenCatalog.id, 'Internal Box');
});
afterAll(() => t.close());

const cardNames = (html: string) => [...html.matchAll(/class="store-card-name">([^<]+)</g)].map((m) => m[1]);

describe('the store listing', () => {
  it('shows visitors visible packages only, in the default currency, with stock left', async () => {
    await sql(t, `update package set icon_path = 'icons/vps.png' where id = ?`, [pk.vps!.id]);
    const res = await new Browser(t).get('/store');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(cardNames(html)).toEqual(['VPS Small', 'Converted Box', 'Pro Rata Hosting', 'Free Tier']);
    expect(html).toContain('from 100.00 USD/year');
    expect(html).toContain('from 10.00 USD/month');
    expect(html).toContain('5 left');
    expect(html).toContain('2 vCPU & 4 GB RAM.');
    expect(html).toContain('>Free<');
    expect(html).toContain('<img src="/uploads/icons/vps.png"');
    expect(html).not.toContain('Internal Box');
  });

  it('lists restricted packages for clients on the allow-list only', async () => {
    const outsider = await shopper(t);
    expect(cardNames(await textOf(await outsider.b.get('/store')))).not.toContain('Partner Rack');
    const insider = await shopper(t, { currency: 'USD', language: 'en' });
    await sql(t, 'insert into client_allowed_package (client_id, package_id) values (?, ?)', [insider.id, pk.restricted!.id]);
    const names = cardNames(await textOf(await insider.b.get('/store')));
    expect(names).toContain('Partner Rack');
    expect(names).not.toContain('Secret Deal');
    expect(names).not.toContain('Old Plan');
  });

  it('prices in the client currency, converted at the rate where the package has no price in it, in the client language', async () => {
    const { b } = await shopper(t, { currency: 'EUR', language: 'de' });
    const html = await textOf(await b.get('/store'));
    expect(html).toContain('Preise in EUR, zzgl. MwSt.');
    expect(html).toContain('ab 9,20 EUR/Monat');
    expect(cardNames(html)).toContain('VPS Klein');
    expect(html).toContain('Deutsch beschrieben.');
  });

  it('counts reservations and services as held, for every package in one query', async () => {
    const { id } = await shopper(t, { currency: 'USD' });
    await placeOrder(
      t.em(),
      { clientId: id, packageId: pk.vps!.id, priceName: 'Monthly', optionIds: [os.ubuntu], quantity: 2 },
      new Date(),
    );
    const html = await textOf(await new Browser(t).get('/store'));
    expect(html).toContain('3 left');
  });
});

describe('a package page', () => {
  it('is labelled, renders the description inside hx-disable, and offers only orderable options', async () => {
    const res = await new Browser(t).get(`/store/${pk.vps!.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(unlabelled(html)).toEqual([]);
    expect(html).toMatch(/<div class="store-description" hx-disable="true">\s*<p>2 vCPU &amp; 4 GB <strong>RAM<\/strong>.<\/p>/);
    expect(html).toContain(`hx-post="/store/${pk.vps!.slug}/quote"`);
    expect(html).toContain('hx-trigger="change"');
    expect(html).toContain('<noscript>');
    expect(html).toContain('Windows');
    // An option is charged each term of the chosen price: it says so.
    expect(html).toContain('+ 15.00 USD / month');
    expect(html).toContain('id="summary"');
  });

  it('converts for a client whose currency the package lacks, and says which options need another pricing option', async () => {
    const { b } = await shopper(t, { currency: 'EUR' });
    const html = await textOf(await b.get(`/store/${pk.vps!.slug}`));
    expect(html).toContain('Monthly: 11.00 EUR / month');
    expect(html).toContain('Annual: 92.00 EUR / year');
    const annual = await textOf(
      await b.post(`/store/${pk.vps!.slug}/quote`, { priceName: 'Annual', [`options[${os.groupId}]`]: String(os.windows), quantity: '1' }),
    );
    expect(fieldError(annual, `options-${os.groupId}`)).toBe('OS: Windows is not available with the Annual pricing option.');
    expect(annual).toContain('not offered with Annual');
  });

  it('reaches hidden packages by slug, shows inactive ones as unavailable, and 404s restricted ones and junk slugs', async () => {
    expect((await new Browser(t).get(`/store/${pk.hidden!.slug}`)).status).toBe(200);
    const inactive = await textOf(await new Browser(t).get(`/store/${pk.inactive!.slug}`));
    expect(inactive).toContain('This package is no longer available to order.');
    expect(inactive).not.toContain('id="order-form"');
    expect((await new Browser(t).get(`/store/${pk.restricted!.slug}`)).status).toBe(404);
    // A free price named "Free" is said once, not "Free: Free".
    const free = await textOf(await new Browser(t).get(`/store/${pk.free!.slug}`));
    expect(free).toMatch(/<label for="price-0">Free<\/label>/);
    for (const junk of ['no-such-thing', 'UPPER', '%00', 'a'.repeat(300), '..%2f..%2fetc']) {
      const res = await new Browser(t).get(`/store/${junk}`);
      expect(res.status, junk).toBe(404);
      expect(await res.text()).toContain('That package was not found.');
    }
  });
});

describe('the price summary', () => {
  it('follows the choices through htmx: a fragment with the choices out of band', async () => {
    const b = new Browser(t);
    const res = await b.post(
      `/store/${pk.vps!.slug}/quote`,
      { priceName: 'Monthly', [`options[${os.groupId}]`]: String(os.windows), quantity: '2' },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<section id="summary"/);
    expect(html).toContain('<div id="choices" class="stack" hx-swap-oob="true">');
    expect(html).toContain('2 × VPS Small (Monthly)');
    expect(html).toContain('OS: Windows');
    expect(html).toContain('54.00 USD');
  });

  it('says when the quantity is more than is left, next to it, and still shows what it would cost', async () => {
    const res = await new Browser(t).post(
      `/store/${pk.vps!.slug}/quote`,
      { priceName: 'Monthly', [`options[${os.groupId}]`]: String(os.ubuntu), quantity: '99' },
      { htmx: true },
    );
    expect(res.status).toBe(422);
    const html = await textOf(res);
    // Stock is 5, less what other tests here hold.
    expect(fieldError(html, 'quantity')).toMatch(/^Only [1-5] left\.$/);
    expect(html).toContain('(12.00 USD each)');
  });

  it('without JavaScript, "Update price" re-renders the whole page with the new summary', async () => {
    const res = await new Browser(t).post(`/store/${pk.vps!.slug}/quote`, {
      priceName: 'Monthly',
      [`options[${os.groupId}]`]: String(os.windows),
      quantity: '3',
    });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('<html');
    expect(html).toContain('81.00 USD');
    expect(html).toContain('value="3"');
  });

  it('prorates as DOMAIN.md says: $30/month, D=1, C=20, ordered Jan 25 → 7/31 × 30 + 30, renews Mar 1', async () => {
    const app = createApp({ orm: t.orm, config: t.config, now: () => new Date('2027-01-25T10:00:00Z') });
    const res = await new Browser(t, app).post(`/store/${pk.proRata!.slug}/quote`, { priceName: 'Monthly' }, { htmx: true });
    const html = await textOf(res);
    expect(html).toContain('pro rata 2027-01-25 to 2027-01-31 (7/31 days)');
    expect(html).toContain('6.7742 USD');
    expect(html).toContain('2027-02-01 to 2027-02-28');
    expect(html).toContain('30.00 USD');
    expect(html).toMatch(/<strong id="summary-total">36.77 USD<\/strong>/);
    expect(html).toContain('First renewal on 2027-03-01, for 30.00 USD before tax.');
  });

  it('adds the client country tax', async () => {
    await sql(t, `insert into tax_rate (country, name, rate) values ('GB', 'VAT', 20)`);
    const { b } = await shopper(t, { currency: 'USD', country: 'GB' });
    const html = await textOf(await b.post(`/store/${pk.converted!.slug}/quote`, { priceName: 'Monthly' }, { htmx: true }));
    expect(html).toContain('Tax (20%)');
    expect(html).toMatch(/<strong id="summary-total">18.00 USD<\/strong>/);
  });

  it('answers junk with 422 and the sentence next to its field, never a 500', async () => {
    const b = new Browser(t);
    const cases: [Record<string, string>, string, string][] = [
      [{ priceName: 'Weekly' }, 'priceName', 'Choose one of the pricing options shown.'],
      [{ priceName: 'Monthly', [`options[${os.groupId}]`]: '999999' }, `options-${os.groupId}`, 'Choose one OS.'],
      [
        { priceName: 'Monthly', [`options[${os.groupId}]`]: String(os.ubuntu), quantity: '0' },
        'quantity',
        'Enter a quantity from 1 to 100.',
      ],
      [
        { priceName: 'Monthly', [`options[${os.groupId}]`]: String(os.ubuntu), quantity: '1e9' },
        'quantity',
        'Enter a quantity from 1 to 100.',
      ],
      [
        { priceName: 'Monthly', [`options[${os.groupId}]`]: String(os.ubuntu), quantity: '2\u0000' },
        'quantity',
        'Remove the NUL character (\\0) from this value.',
      ],
    ];
    for (const [form, field, message] of cases) {
      const res = await b.post(`/store/${pk.vps!.slug}/quote`, form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(fieldError(await textOf(res), field)).toBe(message);
    }
    expect((await b.post('/store/nope/quote', { priceName: 'Monthly' })).status).toBe(404);
  });
});
