import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, fieldError, signUpValues, sql } from '../client/helpers.ts';
import { addOsGroup, invoiceIdFrom, monthly, shopper, storePackage } from './helpers.ts';

let t: TestApp;
const pk: Record<string, { id: number; slug: string }> = {};
let os: Awaited<ReturnType<typeof addOsGroup>>;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pk.vps = await storePackage(t, catalogId, 'VPS', { allowQuantity: '1', stock: 3 }, [
    monthly('USD', '12.00'),
    { name: 'Annual', type: 'recurring', intervalCount: 1, period: 'year', currency: 'USD', price: '100' },
  ]);
  os = await addOsGroup(t, pk.vps.id);
  pk.single = await storePackage(t, catalogId, 'One Per Client', { perUserLimit: 1 });
  pk.inactive = await storePackage(t, catalogId, 'Retired', { status: 'inactive' });
  pk.restricted = await storePackage(t, catalogId, 'Partners Only', { status: 'restricted' });
  pk.free = await storePackage(t, catalogId, 'Free Tier', {}, [{ name: 'Free', type: 'free', currency: 'USD', price: '0' }]);
});
afterAll(() => t.close());

const vpsForm = (quantity = '1', option = os.ubuntu, priceName = 'Monthly') => ({
  priceName,
  [`options[${os.groupId}]`]: String(option),
  quantity,
});
const count = async (table: string) => (await sql<{ n: number }>(t, `select count(*)::int as n from ${table}`))[0]!.n;

describe('checkout', () => {
  it('sends visitors to sign in first, coming back to the package with what they chose', async () => {
    const visitor = new Browser(t);
    const res = await visitor.post(`/store/${pk.vps!.slug}/order`, { ...vpsForm('2', os.windows, 'Annual'), expectedTotal: '1.00' });
    expect(res.status).toBe(303);
    // The choices travel in the address; the total shown does not (the page quotes again).
    const back = `/store/${pk.vps!.slug}?priceName=Annual&options%5B${os.groupId}%5D=${os.windows}&quantity=2`;
    expect(res.headers.get('location')).toBe(`/account/sign-in?next=${encodeURIComponent(back)}`);
    const signIn = await textOf(await visitor.get(res.headers.get('location')!));
    expect(signIn).toContain(`name="next" value="${back}"`);
    // Signing up from there (as signing in would) lands on the page with those choices, not its defaults.
    const up = await visitor.post('/account/sign-up', { ...signUpValues(), next: back });
    expect(up.headers.get('location')).toBe(back);
    const page = await textOf(await visitor.get(back));
    expect(page).toMatch(/<input[^>]*name="quantity"[^>]*value="2"/);
    expect(page).toMatch(/<option[^>]*value="Annual"[^>]*selected|<input[^>]*value="Annual"[^>]*checked/);
    expect(page).toMatch(new RegExp(`<option[^>]*value="${os.windows}"[^>]*selected|<input[^>]*value="${os.windows}"[^>]*checked`));
    // Junk in the address is shown as refused choices next to their fields, never a 500.
    for (const junk of [
      'priceName=Nope',
      'priceName=Monthly&quantity=-5',
      'priceName=Monthly&quantity=1e9',
      `priceName=Monthly&options%5B${os.groupId}%5D=abc`,
      'priceName=Monthly&options%5B99999999999999999999%5D=1',
      'priceName=Monthly&addons%5B%5D=%00',
      `priceName=${'x'.repeat(5000)}`,
      'priceName=Monthly&couponCode=%3Cscript%3E',
      'priceName&priceName=&priceName=Annual',
    ]) {
      const res = await visitor.get(`/store/${pk.vps!.slug}?${junk}`);
      // A NUL anywhere in a request is refused before any route (422).
      expect(res.status, junk).toBe(junk.includes('%00') ? 422 : 200);
      expect(await res.text(), junk).not.toContain('<script>');
    }
    // Other parameters (a campaign's) open the page with its defaults, not as a form missing its choices.
    const campaign = await textOf(await visitor.get(`/store/${pk.vps!.slug}?utm_source=mail`));
    expect(campaign).toMatch(/<input[^>]*name="quantity"[^>]*value="1"/);
    expect(campaign).not.toContain('class="field-error"');
  });

  it('charges exactly the total the page showed: a quantity changed without pricing it again is refused with the new total', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const { catalogId } = await seedBasics(t);
    const plain = await storePackage(t, catalogId, 'Plain VPS', { allowQuantity: '1' }, [monthly('USD', '12.00')]);
    const form = (quantity: string) => ({ priceName: 'Monthly', quantity });
    const expected = (html: string) => /id="expected-total" name="expectedTotal" value="([^"]*)"/.exec(html)?.[1];
    const page = await textOf(await b.get(`/store/${plain.slug}`));
    const shown = expected(page)!;
    expect(shown).toBe('12.0000');
    // With JavaScript the summary and the total it carries change together.
    const quote = await textOf(await b.post(`/store/${plain.slug}/quote`, { ...form('2'), expectedTotal: shown }, { htmx: true }));
    expect(quote).toContain('<input type="hidden" id="expected-total" name="expectedTotal" value="24.0000" hx-swap-oob="true"/>');
    // Without it, quantity 2 ordered at the total shown for 1: refused, nothing ordered, the page shows the new total to confirm.
    const orders = await count('client_order');
    const stale = await b.post(`/store/${plain.slug}/order`, { ...form('2'), expectedTotal: shown });
    expect(stale.status).toBe(422);
    const again = await textOf(stale);
    expect(again).toContain('The price changed since it was shown: the total is now 24.00 USD. Review it and confirm again.');
    expect(await count('client_order')).toBe(orders);
    expect(expected(again)).toBe('24.0000');
    const res = await b.post(`/store/${plain.slug}/order`, { ...form('2'), expectedTotal: expected(again)! });
    expect(res.status).toBe(303);
    expect(await count('client_order')).toBe(orders + 1);
  });

  it('places the order with the quoted lines and lands on its unpaid invoice', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const res = await b.post(`/store/${pk.vps!.slug}/order`, vpsForm('2', os.windows));
    expect(res.status).toBe(303);
    const invoiceId = invoiceIdFrom(res);
    const html = await textOf(await b.get(`/account/invoices/${invoiceId}`));
    expect(html).toMatch(/Invoice INV-\d{4}-\d{4}/);
    expect(html).toContain('unpaid');
    expect(html).toContain('OS: Windows');
    expect(html).toMatch(/<strong id="invoice-total">54.00 USD<\/strong>/);
    expect(html).toContain('Account credit');
    // A transfer takes days; an order's stock is held for minutes, so it is not offered here.
    expect(html).not.toContain('Bank transfer');
    expect(html).toContain('Pay with the test gateway');
    const [reservation] = await sql<{ quantity: number; status: string }>(
      t,
      'select r.quantity, r.status from stock_reservation r join invoice i on i.order_id = r.order_id where i.id = ?',
      [invoiceId],
    );
    expect(reservation).toEqual({ quantity: 2, status: 'live' });
    // The page says by when to pay: the moment the order gives its units back.
    const [order] = await sql<{ expires_at: Date }>(
      t,
      'select o.expires_at from client_order o join invoice i on i.order_id = o.id where i.id = ?',
      [invoiceId],
    );
    const at = `${order!.expires_at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(html).toContain(`Pay by ${at}: an order not paid by then is cancelled, and what it holds goes back on sale.`);
    // Paid, it says no more.
    await sql(t, `update invoice set status = 'paid' where id = ?`, [invoiceId]);
    await sql(t, `update client_order set status = 'paid' where id = (select order_id from invoice where id = ?)`, [invoiceId]);
    expect(await textOf(await b.get(`/account/invoices/${invoiceId}`))).not.toContain('Pay by ');
  });

  it('places one order for a form sent twice, one after the other or at once; a form shown anew places another', async () => {
    const { b, id } = await shopper(t, { currency: 'USD' });
    const keyOf = async () => /name="requestKey" value="([^"]+)"/.exec(await textOf(await b.get(`/store/${pk.free!.slug}`)))?.[1];
    const key = await keyOf();
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    // Visitors see a page cached for all of them: it carries no key.
    expect(await textOf(await new Browser(t).get(`/store/${pk.free!.slug}`))).not.toContain('name="requestKey"');
    const form = { priceName: 'Free', quantity: '1', requestKey: key! };
    const ordersOf = async () =>
      (await sql<{ n: number }>(t, 'select count(*)::int as n from client_order where client_id = ?', [id]))[0]!.n;
    const first = await b.post(`/store/${pk.free!.slug}/order`, form);
    const again = await b.post(`/store/${pk.free!.slug}/order`, form);
    expect(first.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await ordersOf()).toBe(1);
    const other = await keyOf();
    expect(other).not.toBe(key);
    const together = await Promise.all([1, 2, 3].map(() => b.post(`/store/${pk.free!.slug}/order`, { ...form, requestKey: other! })));
    expect(together.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(new Set(together.map((r) => r.headers.get('location'))).size).toBe(1);
    expect(await ordersOf()).toBe(2);
    // Another client's key is no key of theirs: it places their own order.
    const someone = await shopper(t, { currency: 'USD' });
    const theirs = await someone.b.post(`/store/${pk.free!.slug}/order`, form);
    expect(theirs.status).toBe(303);
    expect(theirs.headers.get('location')).not.toBe(first.headers.get('location'));
    // A key that is no key is refused, nothing placed.
    const junk = await b.post(`/store/${pk.free!.slug}/order`, { ...form, requestKey: 'x<y>' });
    expect(junk.status).toBe(422);
    // The form shown again carries a key of its own, not the junk one, so sending it works.
    const fresh = /name="requestKey" value="([^"]+)"/.exec(await textOf(junk))?.[1];
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ordersOf()).toBe(2);
  });

  it('says a quantity past the per-client limit next to it as the price is worked out, counting what the client holds', async () => {
    const { catalogId } = (
      await sql<{ catalogId: number }>(t, 'select catalog_id as "catalogId" from package where id = ?', [pk.single!.id])
    )[0]!;
    const box = await storePackage(t, catalogId, 'Three Per Client', { allowQuantity: '1', perUserLimit: 3 });
    const quote = (b: Browser, quantity: string) => b.post(`/store/${box.slug}/quote`, { priceName: 'Monthly', quantity }, { htmx: true });
    // A visitor holds none.
    const visitor = await quote(new Browser(t), '4');
    expect(visitor.status).toBe(422);
    const visitorHtml = await textOf(visitor);
    expect(fieldError(visitorHtml, 'quantity')).toBe('You can order 3 more at most (the limit is 3).');
    expect(visitorHtml).toContain('id="summary-total"');
    expect((await quote(new Browser(t), '3')).status).toBe(200);
    // A client with two already may add one more.
    const { b } = await shopper(t, { currency: 'USD' });
    expect((await b.post(`/store/${box.slug}/order`, { priceName: 'Monthly', quantity: '2' })).status).toBe(303);
    expect(fieldError(await textOf(await quote(b, '2')), 'quantity')).toBe('You can order 1 more at most (the limit is 3).');
    expect((await quote(b, '1')).status).toBe(200);
  });

  it('refuses more than stock, past the per-user limit, and unavailable options, with the sentence next to the field', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const orders = await count('client_order');
    const over = await b.post(`/store/${pk.vps!.slug}/order`, vpsForm('2'));
    expect(over.status).toBe(422);
    const html = await textOf(over);
    expect(fieldError(html, 'quantity')).toBe('Only 1 left.');
    expect(html).toContain('value="2"');
    expect(html).toContain('id="summary-total"');
    const annualWindows = await b.post(`/store/${pk.vps!.slug}/order`, vpsForm('1', os.windows, 'Annual'));
    expect(annualWindows.status).toBe(422);
    expect(fieldError(await textOf(annualWindows), `options-${os.groupId}`)).toBe(
      'OS: Windows is not available with the Annual pricing option.',
    );
    expect(await count('client_order')).toBe(orders);

    expect((await b.post(`/store/${pk.single!.slug}/order`, { priceName: 'Monthly' })).status).toBe(303);
    const again = await b.post(`/store/${pk.single!.slug}/order`, { priceName: 'Monthly' });
    expect(again.status).toBe(422);
    expect(await textOf(again)).toMatch(/<div class="notice error" role="alert"><p>You already have the maximum of 1.<\/p>/);
  });

  it('refuses inactive packages, hides restricted ones, and answers junk with 4xx', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const orders = await count('client_order');
    const inactive = await b.post(`/store/${pk.inactive!.slug}/order`, { priceName: 'Monthly' });
    expect(inactive.status).toBe(422);
    expect(await textOf(inactive)).toContain('This package is no longer available to order.');
    expect((await b.post(`/store/${pk.restricted!.slug}/order`, { priceName: 'Monthly' })).status).toBe(404);
    expect((await b.post('/store/not-a-package/order', { priceName: 'Monthly' })).status).toBe(404);
    expect((await b.post('/store/%00/order', { priceName: 'Monthly' })).status).toBe(404);
    const nul = await b.post(`/store/${pk.vps!.slug}/order`, { ...vpsForm(), priceName: 'Month\u0000ly' });
    expect(nul.status).toBe(422);
    expect(fieldError(await textOf(nul), 'priceName')).toBe('Remove the NUL character (\\0) from this value.');
    expect((await b.post(`/store/${pk.vps!.slug}/order`, { priceName: 'Monthly' })).status).toBe(422);
    expect((await b.post(`/store/${pk.vps!.slug}/order`, { ...vpsForm(), [`options[${os.groupId}]`]: ['1', '2', 'x'] })).status).toBe(422);
    expect((await b.post(`/store/${pk.vps!.slug}/order`, vpsForm(), { csrf: false })).status).toBe(403);
    expect(
      (await b.request(`/store/${pk.vps!.slug}/order`, { method: 'POST', form: vpsForm(), headers: { origin: 'https://evil.example' } }))
        .status,
    ).toBe(403);
    expect(await count('client_order')).toBe(orders);
  });

  it('pays a zero total at once', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const res = await b.post(`/store/${pk.free!.slug}/order`, { priceName: 'Free' });
    const html = await textOf(await b.get(res.headers.get('location')!));
    expect(html).toMatch(/Invoice INV-\d{4}-\d{4} <span class="badge ok">paid<\/span>/);
    expect(html).not.toContain('Pay this invoice');
  });
});
