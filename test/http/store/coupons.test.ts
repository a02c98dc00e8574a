// A coupon code on the package page and in the cart: the live summary shows its discount line
// (htmx, and the whole page without JavaScript), a code that cannot be used says why next to the
// field, and the order placed carries the discount on its invoice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { saveCoupon } from '../../../src/modules/coupons/save-coupon.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, sql } from '../client/helpers.ts';
import { invoiceIdFrom, monthly, shopper, storePackage, withCart } from './helpers.ts';

let t: TestApp;
const pk: Record<string, { id: number; slug: string }> = {};

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pk.vps = await storePackage(t, catalogId, 'VPS Coupon', {}, [monthly('USD', '20.00'), monthly('EUR', '18.00')]);
  pk.other = await storePackage(t, catalogId, 'Mail Coupon', {}, [monthly('USD', '4.00')]);
  await saveCoupon(t.em(), undefined, { code: 'WELCOME10', kind: 'percent', percent: '10' });
  await saveCoupon(t.em(), undefined, { code: 'VPSONLY', kind: 'fixed', amounts: { USD: '5' }, packageIds: [pk.vps.id] });
  await saveCoupon(t.em(), undefined, { code: 'GONE', kind: 'percent', percent: '50', endsOn: '2020-01-31' });
  await saveCoupon(t.em(), undefined, { code: 'SPENT', kind: 'percent', percent: '50', maxUses: 1 });
  await saveCoupon(t.em(), undefined, { code: 'THREEMONTHS', kind: 'percent', percent: '20', duration: 'cycles', cycles: 3 });
  await sql(t, `update coupon set uses = 1 where code = 'SPENT'`);
});
afterAll(() => t.close());

describe('coupon code on the package page', () => {
  it('a valid code adds the discount line to the live summary (htmx), whatever its case', async () => {
    const res = await new Browser(t).post(
      `/store/${pk.vps!.slug}/quote`,
      { priceName: 'Monthly', couponCode: 'welcome10' },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toMatch(/<tr class="line-discount"><td>Coupon WELCOME10 \(10% off\): VPS Coupon/);
    expect(html).toMatch(/id="summary-total">18\.00 USD</);
    expect(html).toContain('WELCOME10 applied: 2.00 USD off before tax.');
    expect(html).toContain('hx-swap-oob="true"');
  });

  it.each([
    ['NOSUCH', 'That code is not valid.'],
    ['GONE', 'That code has expired.'],
    ['SPENT', 'That code has been used up.'],
  ])('%s: the price without it, and the sentence next to the field', async (code, message) => {
    const res = await new Browser(t).post(`/store/${pk.vps!.slug}/quote`, { priceName: 'Monthly', couponCode: code }, { htmx: true });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain(`<p class="error" id="coupon-error" role="alert">${message}</p>`);
    expect(html).toMatch(/id="summary-total">20\.00 USD</);
    expect(html).not.toContain('line-discount');
  });

  it('a code for another package or currency says so', async () => {
    const other = await textOf(
      await new Browser(t).post(`/store/${pk.other!.slug}/quote`, { priceName: 'Monthly', couponCode: 'VPSONLY' }, { htmx: true }),
    );
    expect(other).toContain('That code does not apply to what you are ordering.');
    const { b } = await shopper(t, { currency: 'EUR' });
    const eur = await textOf(await b.post(`/store/${pk.vps!.slug}/quote`, { priceName: 'Monthly', couponCode: 'VPSONLY' }, { htmx: true }));
    expect(eur).toContain('That code gives no discount in EUR.');
  });

  it('says when the coupon also takes its discount off renewals', async () => {
    const html = await textOf(
      await new Browser(t).post(`/store/${pk.vps!.slug}/quote`, { priceName: 'Monthly', couponCode: 'THREEMONTHS' }, { htmx: true }),
    );
    expect(html).toContain('THREEMONTHS takes its discount off the next 2 renewals too.');
    expect(html).toMatch(/id="summary-total">16\.00 USD</);
  });

  it('without JavaScript the form posts and the page comes back with the discount', async () => {
    const res = await new Browser(t).post(`/store/${pk.vps!.slug}/quote`, { priceName: 'Monthly', couponCode: 'WELCOME10' });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('<html');
    expect(html).toContain('value="WELCOME10"');
    expect(html).toMatch(/id="summary-total">18\.00 USD</);
  });

  it('orders with the code: the invoice has the discount line; a bad code orders nothing and says why', async () => {
    const { b, id } = await shopper(t, { currency: 'USD' });
    const bad = await b.post(`/store/${pk.vps!.slug}/order`, { priceName: 'Monthly', couponCode: 'GONE' });
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toContain('That code has expired.');
    expect(await sql(t, 'select id from client_order where client_id = ?', [id])).toHaveLength(0);
    const res = await b.post(`/store/${pk.vps!.slug}/order`, { priceName: 'Monthly', couponCode: 'vpsonly' });
    expect(res.status).toBe(303);
    const lines = await sql<{ kind: string; amount: string }>(
      t,
      'select kind, amount::text from invoice_line where invoice_id = ? order by id',
      [invoiceIdFrom(res)],
    );
    expect(lines).toEqual([
      { kind: 'price', amount: '20.0000' },
      { kind: 'discount', amount: '-5.0000' },
    ]);
  });
});

describe('coupon code in the cart', () => {
  it('is kept with the cart, priced in its summary, removed on request, and ordered with it', async () => {
    const { b, id } = await shopper(t, { currency: 'USD' });
    withCart(b);
    await b.post(`/store/${pk.vps!.slug}/cart`, { priceName: 'Monthly' });
    await b.post(`/store/${pk.other!.slug}/cart`, { priceName: 'Monthly' });
    const bad = await b.post('/cart/coupon', { couponCode: 'nope' }, { htmx: true });
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toContain('That code is not valid.');
    const ok = await textOf(await b.post('/cart/coupon', { couponCode: 'VPSONLY' }, { htmx: true }));
    // 20 - 5 + 4: the code applies to the VPS only.
    expect(ok).toMatch(/id="cart-total">19\.00 USD</);
    expect(ok).toContain('VPSONLY applied: 5.00 USD off before tax.');
    expect(ok).toContain('name="expectedTotal" value="19.0000"');
    expect(ok).not.toContain('<html');
    // A bad code typed over it: refused by the field, and VPSONLY stays applied, priced and said.
    const over = await b.post('/cart/coupon', { couponCode: 'nope' }, { htmx: true });
    expect(over.status).toBe(422);
    const overText = await textOf(over);
    expect(overText).toContain('That code is not valid.');
    expect(overText).toContain('id="coupon-applied" role="status">VPSONLY still applies: 5.00 USD off before tax.');
    expect(overText).toMatch(/id="cart-total">19\.00 USD</);
    expect(overText).toContain('name="expectedTotal" value="19.0000"');
    const page = await textOf(await b.get('/cart'));
    expect(page).toContain('value="VPSONLY"');
    const removed = await textOf(await b.post('/cart/coupon', { couponCode: '' }));
    expect(removed).toMatch(/id="cart-total">24\.00 USD</);
    await b.post('/cart/coupon', { couponCode: 'WELCOME10' });
    const res = await b.post('/cart/checkout', { expectedTotal: '21.6000' });
    expect(res.status).toBe(303);
    const lines = await sql<{ kind: string; amount: string }>(
      t,
      'select kind, amount::text from invoice_line where invoice_id = ? order by id',
      [invoiceIdFrom(res)],
    );
    expect(lines.map((l) => [l.kind, l.amount])).toEqual([
      ['price', '20.0000'],
      ['discount', '-2.0000'],
      ['price', '4.0000'],
      ['discount', '-0.4000'],
    ]);
    expect(await sql(t, `select u.status from coupon_use u join client_order o on o.id = u.order_id where o.client_id = ?`, [id])).toEqual([
      { status: 'live' },
    ]);
  });
});

describe('a code that stopped applying after it went on the cart', () => {
  it('holds checkout back with its sentence next to the field, and orders nothing', async () => {
    await saveCoupon(t.em(), undefined, { code: 'ENDSNOW', kind: 'percent', percent: '15' });
    const { b, id } = await shopper(t, { currency: 'USD' });
    withCart(b);
    await b.post(`/store/${pk.vps!.slug}/cart`, { priceName: 'Monthly' });
    expect(await textOf(await b.post('/cart/coupon', { couponCode: 'ENDSNOW' }, { htmx: true }))).toMatch(/id="cart-total">17\.00 USD</);
    await sql(t, `update coupon set max_uses = 1, uses = 1 where code = 'ENDSNOW'`);
    const res = await b.post('/cart/checkout', { expectedTotal: '17.0000' });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('<p class="error" id="coupon-error" role="alert">That code has been used up.</p>');
    expect(await sql(t, 'select id from client_order where client_id = ?', [id])).toEqual([]);
    // Without the code, the cart orders at its full price.
    await b.post('/cart/coupon', { couponCode: '' });
    expect((await b.post('/cart/checkout', { expectedTotal: '20.0000' })).status).toBe(303);
  });
});

describe('a code typed on the package page', () => {
  it('goes into the cart with the package', async () => {
    const b = withCart(new Browser(t));
    expect((await b.post(`/store/${pk.vps!.slug}/cart`, { priceName: 'Monthly', couponCode: 'welcome10' })).status).toBe(303);
    const page = await textOf(await b.get('/cart'));
    expect(page).toContain('value="WELCOME10"');
    expect(page).toMatch(/id="cart-total">18\.00 USD</);
  });
});
