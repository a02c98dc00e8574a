// The cart: a visitor fills it, signs up without losing it, and checks it out as one order with
// one invoice; junk and stale totals are refused next to the field, and nothing is ordered twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { saveTaxRate } from '../../../src/modules/settings/save-tax-rate.ts';
import { CART_DAYS, purgeStaleCarts } from '../../../src/modules/store/purge-stale-carts.ts';
import { CART_LINES_MAX } from '../../../src/modules/store/add-to-cart.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, sql, signUpValues } from '../client/helpers.ts';
import { addOsGroup, invoiceIdFrom, monthly, shopper, storePackage, withCart } from './helpers.ts';
import { turnsOf } from '../../../src/db/turns.ts';
import { expectTakesTurns } from '../../helpers/turns.ts';

let t: TestApp;
const pk: Record<string, { id: number; slug: string }> = {};
let os: Awaited<ReturnType<typeof addOsGroup>>;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  await saveTaxRate(t.em(), { country: 'DE', name: 'MwSt', rate: '19' });
  pk.vps = await storePackage(t, catalogId, 'VPS Small', { allowQuantity: '1' }, [monthly('USD', '20.00'), monthly('EUR', '18.00')]);
  os = await addOsGroup(t, pk.vps.id);
  pk.web = await storePackage(t, catalogId, 'Web Hosting', {}, [monthly('USD', '10.00'), monthly('EUR', '9.00')]);
  pk.scarce = await storePackage(t, catalogId, 'Scarce', { stock: 1 }, [monthly('USD', '5.00'), monthly('EUR', '5.00')]);
  pk.sale = await storePackage(t, catalogId, 'Sale', { stock: 3 }, [monthly('USD', '5.00'), monthly('EUR', '5.00')]);
});
afterAll(() => t.close());

const cartLines = async (b: Browser) =>
  [...(await textOf(await b.get('/cart'))).matchAll(/id="cart-line-(\d+)"/g)].map((m) => Number(m[1]));
/** The quantities the cart page shows, line by line. */
const cartQuantities = async (b: Browser) =>
  [...(await textOf(await b.get('/cart'))).matchAll(/id="q-\d+"[^>]*value="(\d+)"/g)].map((m) => Number(m[1]));
const cookieOf = (b: Browser) => /hb_cart=([^;]+)/.exec(b.lastSetCookie)?.[1];

describe('the cart', () => {
  it('a visitor fills it, signs up, and checks out all of it as one order with one invoice', async () => {
    const b = withCart(new Browser(t));
    const add = await b.post(`/store/${pk.vps!.slug}/cart`, {
      priceName: 'Monthly',
      [`options[${os.groupId}]`]: String(os.windows),
      quantity: '2',
    });
    expect(add.status).toBe(303);
    expect(add.headers.get('location')).toBe('/cart');
    expect(add.headers.get('set-cookie')).toMatch(/hb_cart=[^;]+;.*HttpOnly/i);
    await b.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' });
    const page = await textOf(await b.get('/cart'));
    expect(page).toContain('VPS Small');
    expect(page).toContain('Web Hosting');
    // Visitors see the default currency: 2 × (20 + 15 Windows) + 10 = 80.00.
    expect(page).toMatch(/id="cart-total">80\.00 USD</);
    const visitorCheckout = await b.post('/cart/checkout', { expectedTotal: '80.0000' });
    expect(visitorCheckout.headers.get('location')).toBe('/account/sign-in?next=%2Fcart');
    // The sign-in page's way to a new account keeps where the visitor was going, and so does the sign-up.
    expect(await textOf(await b.get('/account/sign-in?next=%2Fcart'))).toContain('href="/account/sign-up?next=%2Fcart"');
    expect(await textOf(await b.get('/account/sign-up?next=%2Fcart'))).toContain('name="next" value="/cart"');

    // Signing up keeps the cart and comes back to it; it is now priced in the client's currency (EUR, Germany, 19% tax).
    const signedUp = await b.signUp({ ...signUpValues(), currency: 'EUR', country: 'DE', next: '/cart' } as never);
    expect(signedUp.headers.get('location')).toBe('/cart');
    const signedIn = await textOf(await b.get('/cart'));
    expect(signedIn).toContain('VPS Small');
    const total = /name="expectedTotal" value="([\d.]+)"/.exec(signedIn)?.[1];
    // 2 × (18 + 14) + 9 = 73.00, + 19% = 86.87.
    expect(total).toBe('86.8700');
    const res = await b.post('/cart/checkout', { expectedTotal: total! });
    expect(res.status).toBe(303);
    const invoiceId = invoiceIdFrom(res);
    const [invoice] = await sql<{ total: string; currency: string; lines: number }>(
      t,
      `select total::text, currency, (select count(*)::int from invoice_line where invoice_id = i.id) as lines from invoice i where id = ?`,
      [invoiceId],
    );
    expect(invoice).toEqual({ total: '86.8700', currency: 'EUR', lines: 3 });
    const [order] = await sql<{ lines: number }>(
      t,
      'select count(*)::int as lines from order_line l join invoice i on i.order_id = l.order_id where i.id = ?',
      [invoiceId],
    );
    expect(order!.lines).toBe(2);
    // The cart is empty now, and a second click orders nothing more.
    expect(await cartLines(b)).toEqual([]);
    const again = await b.post('/cart/checkout', { expectedTotal: total! });
    expect(again.status).toBe(422);
    expect(await textOf(again)).toContain('Your cart is empty.');
  });

  it('changes and removes lines, answering junk next to the field', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    withCart(b);
    await b.post(`/store/${pk.vps!.slug}/cart`, { priceName: 'Monthly', [`options[${os.groupId}]`]: String(os.ubuntu) });
    await b.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' });
    const [vpsLine, webLine] = await cartLines(b);
    const bad = await b.post(`/cart/lines/${vpsLine}`, { quantity: '0' });
    expect(bad.status).toBe(422);
    const refused = await textOf(bad);
    expect(refused).toMatch(/id="q-\d+-error" role="alert">Enter a quantity from 1 to 100\./);
    // The field shows what was typed, and the page's address, reloaded, is the cart again.
    expect(new RegExp(`<input id="q-${vpsLine}"[^>]*value="0"`).test(refused)).toBe(true);
    for (const path of [`/cart/lines/${vpsLine}`, `/cart/lines/${vpsLine}/remove`, '/cart/coupon', '/cart/checkout']) {
      const reload = await b.get(path);
      expect(reload.status, path).toBe(303);
      expect(reload.headers.get('location'), path).toBe('/cart');
    }
    expect((await b.post(`/cart/lines/${vpsLine}`, { quantity: '3' })).status).toBe(303);
    expect(await textOf(await b.get('/cart'))).toMatch(/id="cart-total">70\.00 USD</);
    expect((await b.post(`/cart/lines/${webLine}/remove`)).status).toBe(303);
    expect(await cartLines(b)).toEqual([vpsLine]);
    // Another browser's line is not there for this one.
    const other = withCart(new Browser(t));
    expect((await other.post(`/cart/lines/${vpsLine}/remove`)).status).toBe(404);
    expect((await other.post(`/cart/lines/${vpsLine}`, { quantity: '2' })).status).toBe(404);
    expect(await cartLines(b)).toEqual([vpsLine]);
    // A choice the package page would refuse never reaches the cart.
    const junk = await b.post(`/store/${pk.vps!.slug}/cart`, { priceName: 'Monthly', [`options[${os.groupId}]`]: '999999' });
    expect(junk.status).toBe(422);
    expect(await textOf(junk)).toContain('Choose one OS.');
    expect(await cartLines(b)).toEqual([vpsLine]);
  });

  it('refuses the whole checkout when one line runs out, naming it, and keeps the cart', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    withCart(b);
    await b.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' });
    await b.post(`/store/${pk.scarce!.slug}/cart`, { priceName: 'Monthly' });
    const total = /name="expectedTotal" value="([\d.]+)"/.exec(await textOf(await b.get('/cart')))?.[1];
    // Someone else takes the last unit meanwhile.
    const rival = await shopper(t, { currency: 'USD' });
    expect((await rival.b.post(`/store/${pk.scarce!.slug}/order`, { priceName: 'Monthly' })).status).toBe(303);
    // The cart says so under the line as soon as it is shown again, with its price still there.
    const shown = await textOf(await b.get('/cart'));
    const scarceLine = (await cartLines(b))[1];
    expect(shown).toContain(`<p class="error" id="line-${scarceLine}-error" role="alert">Scarce: Sold out.</p>`);
    expect(shown).toMatch(/id="cart-total">[\d.,]+ USD</);
    const before = await sql<{ n: number }>(t, 'select count(*)::int as n from client_order');
    const res = await b.post('/cart/checkout', { expectedTotal: total! });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('Scarce: Sold out.');
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from client_order'))[0]!.n).toBe(before[0]!.n);
    expect(await cartLines(b)).toHaveLength(2);
    // A total that is no longer the cart's is refused too.
    await b.post(`/cart/lines/${(await cartLines(b))[1]}/remove`);
    const stale = await b.post('/cart/checkout', { expectedTotal: total! });
    expect(stale.status).toBe(409);
    expect(await textOf(stale)).toContain('The price changed since it was shown');
  });

  it('refuses more units than are left by the line, and says under a line past what is left since how many are, before checkout', async () => {
    const { catalogId } = await seedBasics(t);
    const limited = await storePackage(t, catalogId, 'Limited Box', { allowQuantity: '1', stock: 2 }, [monthly('USD', '20.00')]);
    const b = withCart(new Browser(t));
    await b.post(`/store/${limited.slug}/cart`, { priceName: 'Monthly', quantity: '1' });
    const [line] = await cartLines(b);
    expect(await textOf(await b.get('/cart'))).not.toContain(`id="q-${line}-error"`);
    // Asking for more than are left is refused by the field, with what was typed kept in it.
    const refused = await b.post(`/cart/lines/${line}`, { quantity: '3' });
    expect(refused.status).toBe(422);
    const refusedHtml = await textOf(refused);
    expect(refusedHtml).toContain(`<p class="error" id="q-${line}-error" role="alert">Only 2 left.</p>`);
    expect(refusedHtml).toMatch(new RegExp(`id="q-${line}"[^>]*value="3"`));
    expect(refusedHtml).not.toContain('The cart cannot be checked out');
    expect(await cartQuantities(b)).toEqual([1]);
    expect((await b.post(`/cart/lines/${line}`, { quantity: '2' })).status).toBe(303);
    // Units sold since it was filled: the cart says so under the line and at the top, and still prices it.
    await t.em().getConnection().execute('update package set stock = 1 where id = ?', [limited.id]);
    const html = await textOf(await b.get('/cart'));
    expect(html).toContain(`<p class="error" id="q-${line}-error" role="alert">Limited Box: Only 1 left.</p>`);
    expect(html).toMatch(/id="cart-total">40\.00 USD</);
    expect(html).toContain('The cart cannot be checked out as it is: change or remove the lines marked below.');
    // Lowering it is not refused, and the notice goes.
    expect((await b.post(`/cart/lines/${line}`, { quantity: '1' })).status).toBe(303);
    expect(await textOf(await b.get('/cart'))).not.toContain('The cart cannot be checked out');
  });

  it('refuses adding more units than are left, counting what the cart holds already, by the quantity', async () => {
    const { catalogId } = await seedBasics(t);
    const limited = await storePackage(t, catalogId, 'Three Box', { allowQuantity: '1', stock: 3 }, [monthly('USD', '20.00')]);
    const b = withCart(new Browser(t));
    expect((await b.post(`/store/${limited.slug}/cart`, { priceName: 'Monthly', quantity: '2' })).status).toBe(303);
    const again = await b.post(`/store/${limited.slug}/cart`, { priceName: 'Monthly', quantity: '2' });
    expect(again.status).toBe(422);
    expect(await textOf(again)).toMatch(/id="f-quantity-error"[^>]*>Only 3 left\. Your cart holds 2 already\.</);
    expect(await cartQuantities(b)).toEqual([2]);
    expect((await b.post(`/store/${limited.slug}/cart`, { priceName: 'Monthly', quantity: '1' })).status).toBe(303);
    expect(await cartQuantities(b)).toEqual([2, 1]);
    // Two adds at once of the last unit: the cart takes one of them.
    const other = await storePackage(t, catalogId, 'One Box', { allowQuantity: '1', stock: 1 }, [monthly('USD', '5.00')]);
    const both = await Promise.all([1, 2].map(() => b.post(`/store/${other.slug}/cart`, { priceName: 'Monthly', quantity: '1' })));
    expect(both.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(await cartQuantities(b)).toEqual([2, 1, 1]);
  });

  it('says under a line wanting more than the per-client limit allows how many more may be ordered, before checkout', async () => {
    const { catalogId } = await seedBasics(t);
    const capped = await storePackage(t, catalogId, 'Capped Box', { allowQuantity: '1', perUserLimit: 2 }, [monthly('USD', '20.00')]);
    const b = withCart(new Browser(t));
    await b.post(`/store/${capped.slug}/cart`, { priceName: 'Monthly', quantity: '2' });
    const [line] = await cartLines(b);
    expect(await textOf(await b.get('/cart'))).not.toContain(`id="q-${line}-error"`);
    expect((await b.post(`/cart/lines/${line}`, { quantity: '3' })).status).toBe(303);
    const html = await textOf(await b.get('/cart'));
    expect(html).toContain(
      `<p class="error" id="q-${line}-error" role="alert">Capped Box: You can order 2 more at most (the limit is 2).</p>`,
    );
    expect(html).toMatch(/id="cart-total">60\.00 USD</);
    // A signed-in client's cart counts what they hold already: one ordered, so one more of two.
    const { b: client } = await shopper(t, { currency: 'USD' });
    expect((await client.post(`/store/${capped.slug}/order`, { priceName: 'Monthly', quantity: '1' })).status).toBe(303);
    withCart(client);
    await client.post(`/store/${capped.slug}/cart`, { priceName: 'Monthly', quantity: '1' });
    const [own] = await cartLines(client);
    expect(await textOf(await client.get('/cart'))).not.toContain(`id="q-${own}-error"`);
    expect((await client.post(`/cart/lines/${own}`, { quantity: '2' })).status).toBe(303);
    expect(await textOf(await client.get('/cart'))).toContain(
      `<p class="error" id="q-${own}-error" role="alert">Capped Box: You can order 1 more at most (the limit is 2).</p>`,
    );
  });

  it('cart checkouts take turns with the other checkouts, and a sale of three units sells three', async () => {
    const turns = turnsOf(t.em(), 'checkout');
    const buyers = await Promise.all(
      Array.from({ length: turns.size + 6 }, async () => {
        const { b } = await shopper(t, { currency: 'USD' });
        withCart(b);
        await b.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' });
        await b.post(`/store/${pk.sale!.slug}/cart`, { priceName: 'Monthly' });
        return b;
      }),
    );
    // Never more at once than the turns allow; the rest wait in line.
    const answers = await expectTakesTurns(turns, () =>
      Promise.all(buyers.map((b) => b.post('/cart/checkout', { expectedTotal: '15.0000' }))),
    );
    expect(answers.filter((r) => r.status === 303)).toHaveLength(3);
    const refused = answers.filter((r) => r.status === 422);
    expect(refused).toHaveLength(buyers.length - 3);
    for (const r of refused) expect(await textOf(r)).toContain('Sale: Sold out.');
  });

  it('forgets carts nobody touched for as long as their cookie lives, lines included', async () => {
    const b = withCart(new Browser(t));
    await b.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' });
    const [line] = await cartLines(b);
    const stale = (await sql<{ cart_id: number }>(t, 'select cart_id from cart_line where id = ?', [line]))[0]!.cart_id;
    const fresh = withCart(new Browser(t));
    await fresh.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' });
    const now = new Date();
    await sql(t, `update cart set updated_at = ? where id = ?`, [new Date(now.getTime() - (CART_DAYS + 1) * 86_400_000), stale]);
    expect(await purgeStaleCarts(t.em(), now)).toBe(1);
    expect(await cartLines(b)).toEqual([]);
    expect(await cartLines(fresh)).toHaveLength(1);
    // Safe to run again: nothing more goes.
    expect(await purgeStaleCarts(t.em(), now)).toBe(0);
  });

  it(`holds at most ${CART_LINES_MAX} lines, also when the last places are asked for at once`, async () => {
    const b = withCart(new Browser(t));
    for (let i = 0; i < CART_LINES_MAX - 2; i++)
      expect((await b.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' })).status).toBe(303);
    const answers = await Promise.all(Array.from({ length: 6 }, () => b.post(`/store/${pk.web!.slug}/cart`, { priceName: 'Monthly' })));
    expect(answers.map((r) => r.status).sort()).toEqual([303, 303, 422, 422, 422, 422]);
    for (const r of answers.filter((a) => a.status === 422))
      expect(await textOf(r)).toContain(`A cart holds at most ${CART_LINES_MAX} lines; check out or remove some first.`);
    expect(await cartLines(b)).toHaveLength(CART_LINES_MAX);
  });

  it('keeps working without a cookie and answers unknown paths with 404', async () => {
    const b = new Browser(t);
    expect(await textOf(await b.get('/cart'))).toContain('Your cart is empty.');
    expect((await b.post('/cart/lines/abc/remove')).status).toBe(404);
    expect((await b.get('/cart/nothing-here')).status).toBe(404);
    expect(cookieOf(b)).toBeUndefined();
  });
});
