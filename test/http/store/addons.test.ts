// Add-ons on a package's store page: offered with the chosen price's term, priced live with the
// package, ordered with it (or put in the cart with it) and created as its add-on services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { createAddonGroup } from '../../../src/modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../../../src/modules/catalog/set-offered-addon-groups.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, fieldError, sql } from '../client/helpers.ts';
import { addOsGroup, invoiceIdFrom, monthly, shopper, storePackage, withCart } from './helpers.ts';

let t: TestApp;
const pk: Record<string, { id: number; slug: string }> = {};
let licenceOs: Awaited<ReturnType<typeof addOsGroup>>;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pk.vps = await storePackage(t, catalogId, 'VPS Small', { allowQuantity: '1' }, [
    monthly('USD', '20.00'),
    { ...monthly('USD', '200.00'), name: 'Yearly', period: 'year' },
  ]);
  pk.backup = await storePackage(t, catalogId, 'Daily Backup', {}, [
    monthly('USD', '5.00'),
    { ...monthly('USD', '50.00'), name: 'Yearly backup', period: 'year' },
  ]);
  pk.ip = await storePackage(t, catalogId, 'Extra IPv4', { allowQuantity: '1', stock: 3 }, [monthly('USD', '3.00', { setupFee: '1.00' })]);
  pk.licence = await storePackage(t, catalogId, 'Panel Licence', {}, [monthly('USD', '6.00')]);
  licenceOs = await addOsGroup(t, pk.licence.id);
  const backups = await createAddonGroup(t.em(), { name: 'Backups', packageIds: [pk.backup.id] });
  const extras = await createAddonGroup(t.em(), { name: 'Extras', packageIds: [pk.ip.id, pk.licence.id] });
  await setOfferedAddonGroups(t.em(), pk.vps.id, { groupIds: [backups.id, extras.id] });
});
afterAll(() => t.close());

const services = (clientId: number) =>
  sql<{ id: number; package_id: number; parent_id: number | null }>(
    t,
    'select id, package_id, parent_id from service where client_id = ? order by id',
    [clientId],
  );

describe('add-ons on the store page', () => {
  it('offers the add-on groups with prices of the chosen term only', async () => {
    const page = await textOf(await new Browser(t).get(`/store/${pk.vps!.slug}`));
    expect(page).toContain('<legend>Backups</legend>');
    expect(page).toContain('Daily Backup');
    expect(page).toContain('Extra IPv4');
    // Its setup fee is said beside the box, before it is ticked, not first in the summary.
    expect(page.replace(/\s+/g, ' ')).toMatch(/Extra IPv4 <span class="muted small">· 3\.00 USD \/ month \+ 1\.00 USD setup/);
    expect(page).not.toContain('Yearly backup');
    // The yearly VPS price offers only the yearly backup, and no add-on without a yearly price.
    const yearly = await textOf(await new Browser(t).post(`/store/${pk.vps!.slug}/quote`, { priceName: 'Yearly' }, { htmx: true }));
    expect(yearly).toContain('Daily Backup');
    expect(yearly).toContain('50.00 USD / year');
    expect(yearly).not.toContain('Extra IPv4');
  });

  it('prices ticked add-ons with the package, live, per unit of it', async () => {
    const b = new Browser(t);
    const res = await b.post(
      `/store/${pk.vps!.slug}/quote`,
      { priceName: 'Monthly', quantity: '2', 'addons[]': [String(pk.backup!.id), String(pk.ip!.id)], [`addon-quantity-${pk.ip!.id}`]: '1' },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const html = await textOf(res);
    // 2 VPS × 20 + 2 backups × 5 + 2 IPs × (3 + 1 setup) = 58.00.
    expect(html).toMatch(/id="summary-total">58\.00 USD</);
    // They renew with it, on its invoices: 2 × 20 + 2 × 5 + 2 × 3 (no setup fee again) = 56.00.
    expect(html).toMatch(/First renewal on \d{4}-\d{2}-\d{2}, for 56\.00 USD before tax\./);
    expect(html).toContain('Daily Backup (Monthly)');
    expect(html).toMatch(/id="addon-\d+"[^>]*checked/);
  });

  it('says, as the price is worked out, when ticked add-ons want more units than are left, next to their quantity', async () => {
    // 3 IPs in stock: 2 VPS with 2 IPs each is 4.
    const res = await new Browser(t).post(
      `/store/${pk.vps!.slug}/quote`,
      { priceName: 'Monthly', quantity: '2', 'addons[]': [String(pk.ip!.id)], [`addon-quantity-${pk.ip!.id}`]: '2' },
      { htmx: true },
    );
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(fieldError(html, `addon-quantity-${pk.ip!.id}`)).toBe('Extra IPv4: Only 3 left.');
    // The summary still shows what it would cost: 2 × 20 + 4 IPs × (3 + 1 setup) = 56.00.
    expect(html).toMatch(/id="summary-total">56\.00 USD</);
    const fits = await new Browser(t).post(
      `/store/${pk.vps!.slug}/quote`,
      { priceName: 'Monthly', quantity: '1', 'addons[]': [String(pk.ip!.id)], [`addon-quantity-${pk.ip!.id}`]: '3' },
      { htmx: true },
    );
    expect(fits.status).toBe(200);
  });

  it('orders the package with its add-ons as one invoice and makes them its add-on services', async () => {
    const { b, id } = await shopper(t, { currency: 'USD' });
    const res = await b.post(`/store/${pk.vps!.slug}/order`, {
      priceName: 'Monthly',
      'addons[]': [String(pk.licence!.id)],
      [`addon-options-${pk.licence!.id}[${licenceOs.groupId}]`]: String(licenceOs.windows),
    });
    expect(res.status).toBe(303);
    const invoiceId = invoiceIdFrom(res);
    const [invoice] = await sql<{ total: string }>(t, 'select total::text from invoice where id = ?', [invoiceId]);
    // 20 + 6 + 15 (Windows) = 41.00.
    expect(invoice!.total).toBe('41.0000');
    await payInvoice(t.em(), { invoiceId, gateway: 'test', reference: `addons-${invoiceId}` }, new Date());
    const [vps, licence] = await services(id);
    expect(licence).toMatchObject({ package_id: pk.licence!.id, parent_id: vps!.id });
    // Adding more later from the service: each offer says its setup fee, as the store page does.
    await sql(t, `update service set status = 'active' where id = ?`, [vps!.id]);
    const offers = await textOf(await b.get(`/account/services/${vps!.id}/addons`));
    expect(offers).toContain('Monthly: 3.00 USD / month + 1.00 USD setup');
  });

  it('answers junk and refusals next to the add-on, and orders nothing', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const before = (await sql<{ n: number }>(t, 'select count(*)::int as n from client_order'))[0]!.n;
    const unknown = await b.post(`/store/${pk.vps!.slug}/order`, { priceName: 'Monthly', 'addons[]': ['999999'] });
    expect(unknown.status).toBe(422);
    expect(await textOf(unknown)).toContain('Choose add-ons this package offers.');
    const qty = await b.post(`/store/${pk.vps!.slug}/order`, {
      priceName: 'Monthly',
      'addons[]': [String(pk.ip!.id)],
      [`addon-quantity-${pk.ip!.id}`]: 'many',
    });
    expect(qty.status).toBe(422);
    expect(await textOf(qty)).toContain('Enter a quantity from 1 to 100.');
    // 3 IPs in stock: 2 VPS with 2 IPs each is 4.
    const stock = await b.post(`/store/${pk.vps!.slug}/order`, {
      priceName: 'Monthly',
      quantity: '2',
      'addons[]': [String(pk.ip!.id)],
      [`addon-quantity-${pk.ip!.id}`]: '2',
    });
    expect(stock.status).toBe(422);
    expect(await textOf(stock)).toContain('Extra IPv4: Only 3 left.');
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from client_order'))[0]!.n).toBe(before);
  });

  it('refuses putting in the cart more add-on units than are left, counting what the cart holds, by the add-on', async () => {
    const b = withCart(new Browser(t));
    const add = (vps: string) =>
      b.post(`/store/${pk.vps!.slug}/cart`, {
        priceName: 'Monthly',
        quantity: vps,
        'addons[]': [String(pk.ip!.id)],
        [`addon-quantity-${pk.ip!.id}`]: '1',
      });
    expect((await add('2')).status).toBe(303);
    const refused = await add('2');
    expect(refused.status).toBe(422);
    expect(fieldError(await textOf(refused), `addon-quantity-${pk.ip!.id}`)).toBe('Extra IPv4: Only 3 left. Your cart holds 2 already.');
    expect([...(await textOf(await b.get('/cart'))).matchAll(/id="cart-line-\d+"/g)]).toHaveLength(2);
    expect((await add('1')).status).toBe(303);
  });

  it('puts the package and its add-ons in the cart together and checks them out as parent and add-ons', async () => {
    const { b, id } = await shopper(t, { currency: 'USD' });
    withCart(b);
    expect(
      (await b.post(`/store/${pk.vps!.slug}/cart`, { priceName: 'Monthly', quantity: '2', 'addons[]': [String(pk.backup!.id)] })).status,
    ).toBe(303);
    const page = await textOf(await b.get('/cart'));
    expect(page).toMatch(/class="addon-line"[\s\S]*Daily Backup/);
    // Its quantity box says 1, per VPS: the summary's 2 × is said beside it.
    expect(page).toMatch(/class="addon-line"[\s\S]*class="hint">per VPS Small, 2 in all</);
    expect(page).toMatch(/id="cart-total">50\.00 USD</);
    const total = /name="expectedTotal" value="([\d.]+)"/.exec(page)?.[1];
    const res = await b.post('/cart/checkout', { expectedTotal: total! });
    expect(res.status).toBe(303);
    const invoiceId = invoiceIdFrom(res);
    await payInvoice(t.em(), { invoiceId, gateway: 'test', reference: `cart-addons-${invoiceId}` }, new Date());
    const rows = await services(id);
    const vpsIds = rows.filter((r) => r.package_id === pk.vps!.id).map((r) => r.id);
    expect(rows.filter((r) => r.package_id === pk.backup!.id).map((r) => r.parent_id)).toEqual(vpsIds);
  });
});
