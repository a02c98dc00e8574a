// The storefront, the cart and the test gateway's page in German: for a visitor whose browser
// asks for German and for a client whose profile says German, with German money; an English
// visitor on the same URLs keeps English (the cached public pages are kept per language).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { saveCoupon } from '../../../src/modules/coupons/save-coupon.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, sql } from '../client/helpers.ts';
import { addOsGroup, invoiceIdFrom, monthly, shopper, storePackage, withCart } from './helpers.ts';

let t: TestApp;
let pkg: { id: number; slug: string };
let os: Awaited<ReturnType<typeof addOsGroup>>;
const GERMAN = 'de-DE,de;q=0.9';

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'VPS Deutsch', { allowQuantity: '1', stock: 5 }, [
    monthly('USD', '12.00', { setupFee: '5' }),
    { name: 'Quarterly', type: 'recurring', intervalCount: 3, period: 'month', currency: 'USD', price: '33.00' },
  ]);
  os = await addOsGroup(t, pkg.id);
  await saveCoupon(t.em(), undefined, { code: 'DREI', kind: 'percent', percent: '10', duration: 'cycles', cycles: 3 });
});
afterAll(() => t.close());

/** A browser (with its cart cookie) whose every request says which languages it reads. */
function reader(acceptLanguage: string, b = new Browser(t)) {
  const request = b.request.bind(b);
  b.request = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('accept-language', acceptLanguage);
    return request(path, { ...init, headers });
  };
  return withCart(b);
}

const order = () => ({ priceName: 'Monthly', [`options[${os.groupId}]`]: String(os.ubuntu), quantity: '1' });

/** Every string in `german` is on the page, and none of `english`. */
function speaksGerman(html: string, german: string[], english: string[]) {
  for (const s of german) expect(html).toContain(s);
  for (const s of english) expect(html).not.toContain(s);
}

const LISTING = {
  de: ['<h1>Shop</h1>', 'Preise in USD, zzgl. MwSt.', 'ab 33,00 USD/3 Monate', 'noch 5'],
  en: ['Prices in USD, before tax.', 'from 33.00 USD/3 months', '5 left'],
};
const PACKAGE = {
  de: [
    'Jetzt bestellen',
    'In den Warenkorb',
    'Preisübersicht',
    'Gesamt heute fällig',
    'Gutscheincode',
    'Anwenden',
    'Abrechnung',
    'Monthly: 12,00 USD / Monat',
    'Quarterly: 33,00 USD / 3 Monate',
    '+ 5,00 USD Einrichtungsgebühr',
    'inklusive',
    '+ 15,00 USD',
    'Jede Einheit wird ein eigener Dienst. Noch 5 verfügbar.',
    'für 12,00 USD zzgl. MwSt.',
    'Inhalt der ersten Rechnung',
  ],
  en: [
    'Order now',
    'Add to cart',
    'Price summary',
    'Total due today',
    'Coupon code',
    '>Apply<',
    'Monthly: 12.00 USD / month',
    'Quarterly: 33.00 USD / 3 months',
    'included',
    'Each unit is a service of its own. 5 left.',
    'before tax.',
  ],
};
const CART = {
  de: [
    '<h1>Warenkorb</h1>',
    'Paket',
    'Anzahl',
    'Aktualisieren',
    'Entfernen',
    'Weiter einkaufen',
    'Preisübersicht',
    'Gutscheincode',
    'Gesamt heute fällig',
    'Bestellung abschließen',
    '17,00 USD',
  ],
  en: [
    '<h1>Cart</h1>',
    'Quantity',
    '>Update<',
    '>Remove<',
    'Add more',
    'Price summary',
    'Coupon code',
    'Total due today',
    'Check out',
    '17.00 USD',
  ],
};

describe('a visitor whose browser asks for German', () => {
  it('gets the store, a package page, its price with a coupon and the cart in German; an English visitor on the same URLs keeps English', async () => {
    const de = reader(GERMAN);
    const en = reader('en-US,en;q=0.9');
    const store = await de.get('/store');
    expect(store.headers.get('content-language')).toBe('de');
    speaksGerman(await textOf(store), LISTING.de, LISTING.en);
    speaksGerman(await textOf(await en.get('/store')), LISTING.en, LISTING.de);

    const page = await textOf(await de.get(`/store/${pkg.slug}`));
    speaksGerman(page, [...PACKAGE.de, 'Sie werden zuvor gebeten, sich anzumelden oder ein Konto anzulegen.'], PACKAGE.en);
    expect(page).toMatch(/Erste Verlängerung am \d\d\.\d\d\.\d{4} für 12,00 USD zzgl\. MwSt\./);
    speaksGerman(
      await textOf(await en.get(`/store/${pkg.slug}`)),
      [...PACKAGE.en, 'You will be asked to sign in or create an account first.'],
      PACKAGE.de,
    );
    // Asked again after the English page was cached: still German.
    speaksGerman(await textOf(await de.get(`/store/${pkg.slug}`)), PACKAGE.de, PACKAGE.en);

    const quote = await textOf(await de.post(`/store/${pkg.slug}/quote`, { ...order(), couponCode: 'drei' }, { htmx: true }));
    speaksGerman(
      quote,
      [
        'DREI angewendet: 1,70 USD Rabatt auf den Nettobetrag.',
        'Der Rabatt von DREI gilt auch für die nächsten 2 Verlängerungen.',
        'Gesamt heute fällig',
      ],
      ['applied:', 'off before tax'],
    );

    expect((await de.post(`/store/${pkg.slug}/cart`, order())).status).toBe(303);
    const cart = await textOf(await de.get('/cart'));
    speaksGerman(
      cart,
      [...CART.de, 'Alle Preise zzgl. MwSt. Zum Bestellen werden Sie gebeten, sich anzumelden oder ein Konto anzulegen.'],
      CART.en,
    );
    expect((await en.post(`/store/${pkg.slug}/cart`, order())).status).toBe(303);
    speaksGerman(await textOf(await en.get('/cart')), CART.en, CART.de);
  });
});

describe('a client whose profile says German', () => {
  it('gets the store, the package page, the cart and the test gateway in German, whatever the browser asks for', async () => {
    const { b } = await shopper(t, { currency: 'USD', language: 'de' });
    const client = reader('en-US', b);
    speaksGerman(await textOf(await client.get('/store')), LISTING.de, LISTING.en);
    speaksGerman(await textOf(await client.get(`/store/${pkg.slug}`)), PACKAGE.de, PACKAGE.en);
    await client.post(`/store/${pkg.slug}/cart`, order());
    speaksGerman(await textOf(await client.get('/cart')), CART.de, CART.en);

    const invoiceId = invoiceIdFrom(await client.post(`/store/${pkg.slug}/order`, order()));
    const start = await client.post(`/account/invoices/${invoiceId}/pay/test`);
    expect(start.headers.get('location')).toBe(`/pay/test/${invoiceId}`);
    const hosted = await textOf(await client.get(`/pay/test/${invoiceId}`));
    const [invoice] = await sql<{ number: string }>(t, 'select number from invoice where id = ?', [invoiceId]);
    speaksGerman(
      hosted,
      [
        '<html lang="de">',
        'TestPay · Bezahlung',
        'Testmodus: Es fließt kein echtes Geld.',
        'Zahlung an Hostbill',
        `Rechnung ${invoice!.number}`,
        'Kunde',
        'Betrag',
        '17,00 USD',
        'Genehmigen',
        'Ablehnen',
        'Abbrechen und zurück zu Hostbill',
      ],
      ['Test mode', 'Pay Hostbill', 'Customer', 'Amount', 'Approve', 'Decline', 'Cancel and return', '17.00 USD'],
    );
  });
});

describe('what a German client is told and billed', () => {
  it('refusals by the field in German, and the invoice’s lines worded in German, coupon and setup fee included', async () => {
    const { b } = await shopper(t, { currency: 'USD', language: 'de' });
    const client = reader('en-US', b);
    const noOs = await textOf(await client.post(`/store/${pkg.slug}/order`, { priceName: 'Monthly', quantity: '1' }));
    speaksGerman(noOs, ['Wählen Sie eine Option für OS.'], ['Choose one OS.']);
    const tooMany = await textOf(await client.post(`/store/${pkg.slug}/order`, { ...order(), quantity: '9' }));
    expect(tooMany).toMatch(/<p class="error" id="f-quantity-error" role="alert">Nur noch \d verfügbar\.<\/p>/);
    expect(tooMany).not.toMatch(/Only \d left/);
    const badCode = await textOf(await client.post(`/store/${pkg.slug}/quote`, { ...order(), couponCode: 'NOPE' }, { htmx: true }));
    speaksGerman(badCode, ['Dieser Code ist ungültig.'], ['That code is not valid.']);

    const invoiceId = invoiceIdFrom(await client.post(`/store/${pkg.slug}/order`, { ...order(), couponCode: 'DREI' }));
    const lines = (
      await t.orm.em
        .getConnection()
        .execute<{ description: string }[]>('select description from invoice_line where invoice_id = ? order by id', [invoiceId])
    ).map((l) => l.description);
    expect(lines).toEqual([
      expect.stringMatching(/^VPS Deutsch \(Monthly\), \d\d\.\d\d\.\d{4} bis \d\d\.\d\d\.\d{4}$/),
      'VPS Deutsch (Monthly), Einrichtungsgebühr',
      'OS: Ubuntu',
      'Gutschein DREI (10 % Rabatt): VPS Deutsch',
    ]);
    speaksGerman(
      await textOf(await client.get(`/account/invoices/${invoiceId}`)),
      ['VPS Deutsch (Monthly), Einrichtungsgebühr', 'Gutschein DREI (10 % Rabatt): VPS Deutsch'],
      ['setup fee', 'Coupon DREI'],
    );
  });
});
