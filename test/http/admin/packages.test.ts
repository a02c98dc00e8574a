import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { apiToken, Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { placeOrder } from '../../../src/modules/checkout/place-order.ts';
import { createCatalog } from '../../../src/modules/catalog/create-catalog.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../../src/modules/catalog/save-variant-option.ts';
import { addMonthlyPrice, addService, makePackage, packageExists, pkgDetail, PNG, seedBasics, snapshot, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let catalogId: number;

beforeAll(async () => {
  // A small icon limit, so "too big" needs only a few KB.
  t = await makeTestApp({ ICON_MAX_BYTES: '2048' });
  ({ catalogId } = await seedBasics(t));
  owner = await staffClient(t, 'owner');
});
afterAll(() => t.close());

/** The summary form as the browser sends it: checkboxes as a hidden "0" then "1" when ticked. */
const summary = (over: Record<string, string | string[]> = {}) => ({
  catalogId: String(catalogId),
  status: 'visible',
  name: 'Form package',
  slug: '',
  description: '',
  stock: '-1',
  perUserLimit: '-1',
  allowQuantity: ['0'],
  allowCancellation: ['0', '1'],
  taxable: ['0', '1'],
  useRenewalPricesForUpgrades: ['0'],
  proRata: ['0'],
  proRataDay: '',
  proRataCutoffDay: '',
  ...over,
});

const idFrom = (location: string | null) => Number(/\/admin\/packages\/(\d+)/.exec(location ?? '')?.[1]);

describe('creating a package through the form', () => {
  it('creates it with a slug made from the name and goes to its pricing tab', async () => {
    const res = await owner.post(
      '/admin/packages',
      summary({ name: 'VPS Small (EU) #1', stock: '10', allowQuantity: ['0', '1'], taxable: ['0'] }),
    );
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get('location'));
    expect(res.headers.get('location')).toBe(`/admin/packages/${id}/pricing`);
    const pkg = await pkgDetail(t, id);
    expect(pkg).toMatchObject({
      name: 'VPS Small (EU) #1',
      slug: 'vps-small-eu-1',
      stock: 10,
      allowQuantity: true,
      allowCancellation: true,
      taxable: false,
      status: 'visible',
    });
    const twin = await owner.post('/admin/packages', summary({ name: 'VPS Small (EU) #1' }));
    expect((await pkgDetail(t, idFrom(twin.headers.get('location')))).slug).toBe('vps-small-eu-1-2');
  });

  it('says how many units are held under the stock, and warns when the stock is lowered below them', async () => {
    const res = await owner.post('/admin/packages', summary({ name: 'Held Box', stock: '3' }));
    const id = idFrom(res.headers.get('location'));
    await addService(t, id);
    await addService(t, id, 'suspended');
    await addService(t, id, 'terminated');
    const page = await textOf(await owner.get(`/admin/packages/${id}`));
    expect(page).toContain('Units that can be held at once. -1 for unlimited. 2 held now.');
    expect(page).not.toContain('more than the stock');
    // Lowering it is allowed (nothing is taken away), and says what must end first.
    expect((await owner.post(`/admin/packages/${id}`, summary({ name: 'Held Box', slug: 'held-box', stock: '1' }))).status).toBe(303);
    const lowered = await textOf(await owner.get(`/admin/packages/${id}`));
    expect(lowered).toContain('2 units are held, more than the stock of 1: nothing more can be ordered until 1 of them ends.');
  });

  it('refuses an explicit slug that is taken, and stores nothing', async () => {
    await owner.post('/admin/packages', summary({ name: 'Taken', slug: 'taken-slug' }));
    const before = await snapshot(t);
    const res = await owner.post('/admin/packages', summary({ name: 'Another', slug: 'taken-slug' }));
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('That slug is already used; choose another.');
    expect(await snapshot(t)).toBe(before);
  });

  it.each([
    ['stock -2', { stock: '-2' }, 'Use -1 or more.'],
    ['fractional stock', { stock: '1.00001' }, 'Enter a whole number, or -1 for unlimited.'],
    ['negative per-user limit', { perUserLimit: '-5' }, 'Use -1 or more.'],
    ['pro rata without a day', { proRata: ['0', '1'], proRataDay: '' }, 'Pro rata needs a pro rata day (1-28).'],
    ['pro rata day 29', { proRata: ['0', '1'], proRataDay: '29' }, 'Use 28 or less.'],
    ['a cutoff without pro rata', { proRataCutoffDay: '20' }, 'A cutoff day only applies with pro rata on.'],
    ['a 10,000-character name', { name: 'x'.repeat(10_000) }, 'Use at most 160 characters.'],
    ['a blank name', { name: '   ' }, 'Enter a name.'],
    ['a bad slug', { slug: 'Bad Slug!' }, 'Use lowercase letters, digits and single hyphens'],
    ['an unknown catalog', { catalogId: '999999' }, 'Choose a catalog that exists.'],
    ['a junk catalog id', { catalogId: 'abc' }, 'Choose a catalog.'],
    ['no catalog', { catalogId: '' }, 'Choose a catalog.'],
    ['an unknown status', { status: 'deleted' }, 'Choose one of: visible, hidden, restricted, inactive.'],
  ])('refuses %s with 422 and the message, storing nothing', async (_label, over, message) => {
    const before = await snapshot(t);
    const res = await owner.post('/admin/packages', summary(over));
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain(message);
    expect(await snapshot(t)).toBe(before);
  });

  it('refuses a NUL character in the name with 422, not a 500', async () => {
    const before = await snapshot(t);
    const res = await owner.post('/admin/packages', summary({ name: 'bad\u0000name' }));
    expect(res.status).toBe(422);
    expect(await snapshot(t)).toBe(before);
  });

  it('strips script from the description but keeps a name with <script> as escaped text', async () => {
    const name = '<script>alert("pwn")</script> VPS';
    const description =
      '<p>Fast <strong>SSD</strong></p><script>alert(1)</script><img src="https://img.example/a.png" onerror="alert(2)"><a href="javascript:alert(3)">bad</a><div hx-get="/admin/evil" data-hx-post="/x" onclick="alert(4)">box</div>';
    const res = await owner.post('/admin/packages', summary({ name, description }));
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get('location'));
    const pkg = await pkgDetail(t, id);
    expect(pkg.name).toBe(name);
    expect(pkg.description).toContain('<strong>SSD</strong>');
    for (const bad of ['<script', 'alert(1)', 'onerror', 'javascript:', 'hx-get', 'data-hx-post', 'onclick'])
      expect(pkg.description).not.toContain(bad);
    for (const path of [`/admin/packages/${id}`, `/admin/packages/${id}/pricing`, '/admin/packages']) {
      const html = await (await owner.get(path)).text();
      expect(html, path).toContain('&lt;script&gt;alert(');
      expect(html, path).not.toContain('<script>alert');
    }
    expect(await (await owner.get(`/admin/packages/${id}`)).text()).toMatch(/<div class="description" hx-disable(="[^"]*")?>/);
  });
});

describe('editing the summary', () => {
  it('saves changes and shows them; junk is refused and changes nothing', async () => {
    const id = await makePackage(t, catalogId, 'Editable');
    const res = await owner.post(
      `/admin/packages/${id}`,
      summary({ name: 'Edited name', slug: 'edited-name', stock: '5', proRata: ['0', '1'], proRataDay: '1', proRataCutoffDay: '20' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/packages/${id}?saved=1`);
    expect(await pkgDetail(t, id)).toMatchObject({
      name: 'Edited name',
      slug: 'edited-name',
      stock: 5,
      proRata: true,
      proRataDay: 1,
      proRataCutoffDay: 20,
    });
    expect(await (await owner.get(`/admin/packages/${id}?saved=1`)).text()).toContain('Package saved.');

    const before = await snapshot(t);
    const bad = await owner.post(`/admin/packages/${id}`, summary({ name: 'Edited name', stock: '-2', slug: 'taken-slug' }));
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toContain('Use -1 or more.');
    expect(await snapshot(t)).toBe(before);
    expect((await owner.post('/admin/packages/99999999', summary())).status).toBe(404);
  });
});

describe('the package list', () => {
  let catA: number;
  let catB: number;
  beforeAll(async () => {
    catA = (await createCatalog(t.em(), { name: 'List A' })).id;
    catB = (await createCatalog(t.em(), { name: 'List B' })).id;
    for (let i = 1; i <= 20; i++) await makePackage(t, catA, `Alpha ${String(i).padStart(2, '0')}`);
    for (let i = 1; i <= 10; i++)
      await makePackage(t, catB, `Beta ${String(i).padStart(2, '0')}`, { status: i <= 4 ? 'hidden' : 'visible' });
  });

  const names = (html: string) => [...html.matchAll(/class="pkg-name">(?:<img[^>]*>)?([^<]+)</g)].map((m) => m[1]);

  it('searches by name or slug', async () => {
    const html = await (await owner.get('/admin/packages?q=beta+0')).text();
    expect(html).toContain('9 packages matching');
    expect(names(html).every((n) => n!.startsWith('Beta 0'))).toBe(true);
    expect(await (await owner.get('/admin/packages?q=alpha-17')).text()).toContain('1 package matching');
    expect(await (await owner.get('/admin/packages?q=%25')).text()).toContain('0 packages matching');
  });

  it('filters by catalog and status', async () => {
    const byCatalog = await (await owner.get(`/admin/packages?catalog=${catB}`)).text();
    expect(names(byCatalog)).toHaveLength(10);
    const hidden = await (await owner.get(`/admin/packages?catalog=${catB}&status=hidden`)).text();
    expect(names(hidden)).toEqual(['Beta 01', 'Beta 02', 'Beta 03', 'Beta 04']);
  });

  it('sorts and pages', async () => {
    const desc = await (await owner.get(`/admin/packages?catalog=${catA}&sort=name&dir=desc&perPage=8`)).text();
    expect(names(desc).slice(0, 2)).toEqual(['Alpha 20', 'Alpha 19']);
    const page2 = await (await owner.get(`/admin/packages?catalog=${catA}&sort=name&perPage=8&page=2`)).text();
    expect(names(page2)).toEqual(['Alpha 09', 'Alpha 10', 'Alpha 11', 'Alpha 12', 'Alpha 13', 'Alpha 14', 'Alpha 15', 'Alpha 16']);
    expect(page2).toContain('Page 2 of 3');
    expect(page2).toContain('rel="prev"');
    expect(page2).toContain('rel="next"');
    const fragment = await owner.request(`/admin/packages?catalog=${catA}&page=3&perPage=8&sort=name`, {
      method: 'GET',
      htmx: true,
      headers: { 'hx-target': 'package-results' },
    });
    const body = await fragment.text();
    expect(body.startsWith('<div id="package-results">')).toBe(true);
    expect(body).not.toContain('<html');
    expect(names(body)).toEqual(['Alpha 17', 'Alpha 18', 'Alpha 19', 'Alpha 20']);
  });

  it.each([
    ['page=-1', 'Choose a page.'],
    ['page=abc', 'Choose a page.'],
    ['sort=evil', 'Choose a sort order.'],
    ['dir=sideways', 'Choose asc or desc.'],
    ['catalog=abc', 'Choose a catalog.'],
    ['catalog=99999999999', 'Choose a catalog.'],
    ['status=deleted', 'Choose a status.'],
    ['perPage=100000', ''],
    [`q=${'x'.repeat(201)}`, 'Search for at most 200 characters.'],
  ])('answers junk %s with 422 and the message, not a 500', async (query, message) => {
    const res = await owner.get(`/admin/packages?${query}`);
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain('id="package-results"');
    if (message) expect(html.toLowerCase()).toContain(message.toLowerCase());
  });
});

describe('the package list with a NUL in the search', () => {
  it('answers q=%00 without a 500', async () => {
    const res = await owner.get('/admin/packages?q=%00');
    expect([200, 422]).toContain(res.status);
  });
});

describe('duplicating and deleting', () => {
  it('duplicates a package as a hidden copy with its prices and variants', async () => {
    const id = await makePackage(t, catalogId, 'Original', { slug: 'original' });
    await savePrice(t.em(), id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '9.99',
      setupFee: '1',
    });
    await savePrice(t.em(), id, undefined, { name: 'Once', type: 'onetime', currency: 'EUR', price: '20' });
    const group = await saveVariantGroup(t.em(), id, undefined, { name: 'OS' });
    await saveVariantOption(t.em(), id, group.id, undefined, {
      name: 'Debian',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '2' }],
    });
    const res = await owner.post(`/admin/packages/${id}/duplicate`);
    expect(res.status).toBe(303);
    const copyId = idFrom(res.headers.get('location'));
    expect(copyId).not.toBe(id);
    const [src, copy] = [await pkgDetail(t, id), await pkgDetail(t, copyId)];
    expect(copy).toMatchObject({ name: 'Original (copy)', slug: 'original-copy', status: 'hidden' });
    expect(src.status).toBe('visible');
    const strip = (p: typeof src) => ({
      prices: p.prices.map(({ id: _, ...rest }) => rest),
      variants: p.variantGroups.map((g) => ({ name: g.name, options: g.options.map((o) => ({ name: o.name, prices: o.prices })) })),
    });
    expect(strip(copy)).toEqual(strip(src));
    expect(copy.prices).toHaveLength(2);
    expect(copy.variantGroups[0]!.options[0]!.prices).toEqual([
      { priceName: 'Monthly', currency: 'USD', price: '2.0000', setupFee: '0.0000' },
    ]);
  });

  it('asks for confirmation before deleting', async () => {
    const id = await makePackage(t, catalogId, 'Confirm me');
    const res = await owner.get(`/admin/packages/${id}/delete`);
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('Delete "Confirm me"?');
    expect(html).toContain(`action="/admin/packages/${id}/delete"`);
    expect(html).toContain('cannot be undone');
    expect(await packageExists(t, id)).toBe(true);
  });

  it('refuses to delete a package any service uses (even terminated) and offers to set it inactive', async () => {
    const id = await makePackage(t, catalogId, 'In use');
    await addService(t, id, 'terminated');
    const before = await snapshot(t);
    const res = await owner.post(`/admin/packages/${id}/delete`);
    expect(res.status).toBe(409);
    const html = await textOf(res);
    expect(html).toContain('This package is used by 1 service and cannot be deleted.');
    expect(html).toContain('Set it inactive');
    expect(html).toContain(`action="/admin/packages/${id}/deactivate"`);
    expect(await snapshot(t)).toBe(before);

    const off = await owner.post(`/admin/packages/${id}/deactivate`);
    expect(off.status).toBe(303);
    expect((await pkgDetail(t, id)).status).toBe('inactive');
    expect((await owner.post('/admin/packages/99999999/deactivate')).status).toBe(404);
  });

  it('refuses to delete a package an order names, even unpaid and with no service, through the form and the API', async () => {
    const id = await makePackage(t, catalogId, 'Ordered');
    await addMonthlyPrice(t, id, '5');
    const [client] = await t.orm.em
      .getConnection()
      .execute<{ id: number }[]>(`insert into client (email, name) values ('orderer@example.com', 'Orderer') returning id`);
    await placeOrder(t.em(), { clientId: client!.id, packageId: id, priceName: 'Monthly' }, new Date());
    const before = await snapshot(t);
    const res = await owner.post(`/admin/packages/${id}/delete`);
    expect(res.status).toBe(409);
    const html = await textOf(res);
    expect(html).toContain('This package is on 1 order and cannot be deleted: that order keeps it.');
    expect(html).toContain(`action="/admin/packages/${id}/deactivate"`);
    const api = await t.app.request(`http://localhost/api/v1/packages/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await apiToken(t, 'owner')}` },
    });
    expect(api.status).toBe(409);
    expect(((await api.json()) as { error: { message: string } }).error.message).toContain('This package is on 1 order');
    expect(await snapshot(t)).toBe(before);
    expect(await packageExists(t, id)).toBe(true);
  });

  it('deletes an unused package', async () => {
    const id = await makePackage(t, catalogId, 'Unused');
    await addMonthlyPrice(t, id, '1');
    const res = await owner.post(`/admin/packages/${id}/delete`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/packages');
    expect(await packageExists(t, id)).toBe(false);
    expect((await owner.get(`/admin/packages/${id}`)).status).toBe(404);
    expect((await owner.post(`/admin/packages/${id}/delete`)).status).toBe(404);
  });
});

describe('the package icon', () => {
  const upload = (id: number, file: File | null, extra: Record<string, string> = {}, htmx = false) => {
    const form = new FormData();
    form.set('_csrf', owner.csrf);
    if (file) form.set('icon', file);
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    return owner.request(`/admin/packages/${id}/icon`, { method: 'POST', body: form, htmx });
  };

  it('stores a PNG and serves it under /uploads', async () => {
    const id = await makePackage(t, catalogId, 'With icon');
    const res = await upload(id, new File([PNG], 'icon.png', { type: 'image/png' }));
    expect(res.status).toBe(303);
    const { iconUrl } = await pkgDetail(t, id);
    expect(iconUrl).toMatch(new RegExp(`^/uploads/icons/${id}-[\\w-]+\\.png$`));
    const served = await t.app.request(`http://localhost${iconUrl}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    const fragment = await upload(id, new File([PNG], 'again.png'), {}, true);
    expect(fragment.status).toBe(200);
    expect((await fragment.text()).startsWith('<div id="icon-form"')).toBe(true);
  });

  it.each([
    [
      'a text file renamed .png',
      () => new File(['just some text, not an image'], 'icon.png', { type: 'image/png' }),
      'The icon must be a PNG, JPG or WebP image.',
    ],
    [
      'a file over the limit',
      () => new File([PNG, new Uint8Array(3000)], 'big.png', { type: 'image/png' }),
      'The icon must be at most 2 KB.',
    ],
    ['no file', () => null, 'Choose an image file.'],
  ])('refuses %s with a message and keeps the old icon', async (_label, file, message) => {
    const id = await makePackage(t, catalogId, 'Icon refusals');
    await upload(id, new File([PNG], 'ok.png'));
    const before = await snapshot(t);
    const res = await upload(id, file());
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain(message);
    expect(await snapshot(t)).toBe(before);
  });

  it('removes the icon: the row forgets it and the file is gone', async () => {
    const id = await makePackage(t, catalogId, 'Remove icon');
    await upload(id, new File([PNG], 'ok.png'));
    const { iconUrl } = await pkgDetail(t, id);
    const file = join(t.config.UPLOAD_DIR, iconUrl!.replace('/uploads/', ''));
    expect(existsSync(file)).toBe(true);
    const res = await upload(id, null, { remove: '1' });
    expect(res.status).toBe(303);
    expect((await pkgDetail(t, id)).iconUrl).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('stops serving a removed icon, even one served before', async () => {
    const id = await makePackage(t, catalogId, 'Served then removed');
    await upload(id, new File([PNG], 'ok.png'));
    const { iconUrl } = await pkgDetail(t, id);
    expect((await t.app.request(`http://localhost${iconUrl}`)).status).toBe(200);
    await upload(id, null, { remove: '1' });
    expect((await t.app.request(`http://localhost${iconUrl}`)).status).toBe(404);
  });

  it('serves nothing outside the upload folder', async () => {
    for (const path of [
      '/uploads/../package.json',
      '/uploads/%2e%2e/package.json',
      '/uploads/icons/..%2f..%2fpackage.json',
      '/uploads/icons/x.txt',
    ]) {
      expect((await t.app.request(`http://localhost${path}`)).status, path).toBe(404);
    }
  });
});
