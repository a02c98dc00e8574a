import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { savePluginInstance } from '../../../src/modules/plugins/save-plugin-instance.ts';
import { addService, packageExists, seedBasics, snapshot } from '../fixtures.ts';
import { apiCaller } from './helpers.ts';

let t: TestApp;
let owner: string;
let support: string;
let catalogId: number;
let instanceId: number;

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  owner = await apiToken(t, 'owner');
  support = await apiToken(t, 'support');
  instanceId = (
    await savePluginInstance(
      t.em(),
      undefined,
      { plugin: 'webhook', name: 'API hook', settings: { url: 'http://127.0.0.1:9/h', signingSecret: 'api-secret' } },
      t.config.APP_SECRET,
    )
  ).id;
});
afterAll(() => t.close());

const api = apiCaller(
  () => t,
  () => owner,
);

/** A JSON error of the status: { error: { status, message, fields? } }, never HTML, never 500. */
function expectError(r: Awaited<ReturnType<typeof api>>, status: number, field?: string) {
  expect(r.status).toBe(status);
  expect(r.json.error?.status).toBe(status);
  expect(typeof r.json.error?.message).toBe('string');
  expect(r.json.error!.message.length).toBeGreaterThan(0);
  if (status === 422) expect(r.json.error?.fields, JSON.stringify(r.json)).toBeTypeOf('object');
  if (field) expect(r.json.error?.fields?.[field], JSON.stringify(r.json)).toBeTruthy();
}

const monthly = { name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price: '9.99' };
let pkgCounter = 0;
const newPackage = async () => (await api('POST', '/packages', { catalogId, name: `API package ${++pkgCounter}` })).json.data.id as number;

describe('authentication', () => {
  it('answers no token or a bad token with a JSON 401', async () => {
    const none = await api('GET', '/catalogs', undefined, { token: null });
    expectError(none, 401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expectError(await api('GET', '/catalogs', undefined, { token: 'hb_not-a-real-token' }), 401);
    expectError(await api('GET', '/packages', undefined, { token: 'x'.repeat(5000) }), 401);
    expectError(await api('GET', '/catalogs', undefined, { token: null, headers: { authorization: 'Basic b3duZXI6cHc=' } }), 401);
    expectError(await api('DELETE', `/catalogs/${catalogId}`, undefined, { token: null }), 401);
  });

  it('ignores the admin session cookie', async () => {
    const browser = await staffClient(t, 'owner');
    expectError(await api('GET', '/catalogs', undefined, { token: null, headers: { cookie: browser.cookie } }), 401);
  });

  it('lets a support token read but not write', async () => {
    const id = await newPackage();
    expect((await api('GET', '/catalogs', undefined, { token: support })).status).toBe(200);
    expect((await api('GET', `/packages/${id}`, undefined, { token: support })).status).toBe(200);
    const before = await snapshot(t);
    for (const [method, path, body] of [
      ['POST', '/catalogs', { name: 'Nope' }],
      ['PATCH', `/catalogs/${catalogId}`, { name: 'Nope' }],
      ['DELETE', `/catalogs/${catalogId}`, undefined],
      ['POST', '/packages', { catalogId, name: 'Nope' }],
      ['PATCH', `/packages/${id}`, { name: 'Nope' }],
      ['DELETE', `/packages/${id}`, undefined],
      ['POST', `/packages/${id}/prices`, monthly],
      ['PUT', `/packages/${id}/scaling`, { targetIds: [] }],
      ['POST', `/packages/${id}/duplicate`, undefined],
    ] as const) {
      expectError(await api(method, path, body, { token: support }), 403);
    }
    expect(await snapshot(t)).toBe(before);
  });
});

describe('catalogs', () => {
  it('creates, reads, changes, moves and deletes a catalog', async () => {
    const created = await api('POST', '/catalogs', { name: 'API Hosting', description: 'From the API' });
    expect(created.status).toBe(201);
    const id = created.json.data.id as number;
    expect(created.json.data).toMatchObject({ name: 'API Hosting', slug: 'api-hosting', hidden: false, packageCount: 0 });
    expect((await api('GET', `/catalogs/${id}`)).json.data.description).toBe('From the API');
    const patched = await api('PATCH', `/catalogs/${id}`, { hidden: true });
    expect(patched.json.data).toMatchObject({ name: 'API Hosting', hidden: true });
    const moved = await api('POST', `/catalogs/${id}/move`, { direction: 'up' });
    expect(moved.status).toBe(200);
    expect(moved.json.data.map((c: { id: number }) => c.id)).toEqual([id, catalogId]);
    expectError(await api('POST', `/catalogs/${id}/move`, { direction: 'sideways' }), 422, 'direction');
    expect((await api('GET', '/catalogs')).json.data).toHaveLength(2);
    const del = await api('DELETE', `/catalogs/${id}`);
    expect(del.status).toBe(204);
    expectError(await api('GET', `/catalogs/${id}`), 404);
  });

  it('refuses to delete a catalog with packages (409)', async () => {
    await newPackage();
    expectError(await api('DELETE', `/catalogs/${catalogId}`), 409);
    expect((await api('GET', `/catalogs/${catalogId}`)).status).toBe(200);
  });
});

describe('packages', () => {
  it('creates, lists, reads, changes, duplicates and deletes a package', async () => {
    const created = await api('POST', '/packages', {
      catalogId,
      name: 'API VPS',
      stock: 10,
      allowQuantity: true,
      description: '<p>ok</p><script>x()</script>',
    });
    expect(created.status).toBe(201);
    const id = created.json.data.id as number;
    expect(created.json.data).toMatchObject({
      name: 'API VPS',
      slug: 'api-vps',
      stock: 10,
      allowQuantity: true,
      status: 'visible',
      description: '<p>ok</p>',
      prices: [],
      variantGroups: [],
    });
    const list = await api('GET', '/packages?q=api-vps');
    expect(list.json.meta).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(list.json.data[0]).toMatchObject({ id, name: 'API VPS' });
    const patched = await api('PATCH', `/packages/${id}`, { status: 'hidden' });
    expect(patched.json.data).toMatchObject({ name: 'API VPS', stock: 10, status: 'hidden' });
    const copy = await api('POST', `/packages/${id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.json.data).toMatchObject({ name: 'API VPS (copy)', status: 'hidden' });
    expect((await api('DELETE', `/packages/${copy.json.data.id}`)).status).toBe(204);
    expectError(await api('GET', `/packages/${copy.json.data.id}`), 404);
  });

  it('refuses to delete a package a service uses (409) and keeps it', async () => {
    const id = await newPackage();
    await addService(t, id, 'cancelled');
    const r = await api('DELETE', `/packages/${id}`);
    expectError(r, 409);
    expect(r.json.error!.message).toContain('Set it inactive');
    expect(await packageExists(t, id)).toBe(true);
  });

  it('manages prices, variants, provisioning, scaling, welcome emails and translations', async () => {
    const id = await newPackage();
    const other = await newPackage();
    const added = await api('POST', `/packages/${id}/prices`, monthly);
    expect(added.status).toBe(201);
    const price = added.json.data.prices[0];
    expect(price).toMatchObject({ name: 'Monthly', price: '9.9900', setupFee: '0.0000', enabled: true });
    const group = (await api('POST', `/packages/${id}/variant-groups`, { name: 'OS' })).json.data.variantGroups[0];
    const withOption = await api('POST', `/packages/${id}/variant-groups/${group.id}/options`, {
      name: 'Ubuntu',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '1.5' }],
    });
    expect(withOption.status).toBe(201);
    const option = withOption.json.data.variantGroups[0].options[0];
    expect(option.prices).toEqual([{ priceName: 'Monthly', currency: 'USD', price: '1.5000', setupFee: '0.0000' }]);
    const renamed = await api('PATCH', `/packages/${id}/prices/${price.id}`, { name: 'Monthly plan' });
    expect(renamed.json.data.prices[0]).toMatchObject({ name: 'Monthly plan', price: '9.9900', period: 'month' });
    expect(renamed.json.data.variantGroups[0].options[0].prices[0].priceName).toBe('Monthly plan');
    const kept = await api('PATCH', `/packages/${id}/variant-groups/${group.id}/options/${option.id}`, { name: 'Ubuntu 24.04' });
    expect(kept.json.data.variantGroups[0].options[0]).toMatchObject({ name: 'Ubuntu 24.04', prices: [{ priceName: 'Monthly plan' }] });
    const cleared = await api('PATCH', `/packages/${id}/variant-groups/${group.id}/options/${option.id}`, {
      name: 'Ubuntu 24.04',
      prices: [],
    });
    expect(cleared.json.data.variantGroups[0].options[0].prices).toEqual([]);
    expect((await api('PATCH', `/packages/${id}/variant-groups/${group.id}`, { name: 'System' })).json.data.variantGroups[0].name).toBe(
      'System',
    );

    const prov = await api('PUT', `/packages/${id}/provisioning`, {
      pluginInstanceId: instanceId,
      options: { plan: 'p1', region: 'asia' },
    });
    expect(prov.json.data).toMatchObject({ pluginInstanceId: instanceId, pluginOptions: { plan: 'p1', region: 'asia' } });
    const scaling = await api('PUT', `/packages/${id}/scaling`, { targetIds: [other] });
    expect(scaling.json.data.scalableTo.map((x: { id: number }) => x.id)).toEqual([other]);
    const email = await api('PUT', `/packages/${id}/welcome-emails/en`, { subject: 'Welcome {client.name}', text: 'Hi' });
    expect(email.json.data.welcomeEmails).toEqual([{ language: 'en', subject: 'Welcome {client.name}', html: '', text: 'Hi' }]);
    const tr = await api('PUT', `/packages/${id}/translations/de`, { name: 'Paket' });
    expect(tr.json.data.translations).toEqual([{ language: 'de', name: 'Paket', description: '' }]);
    expectError(await api('PUT', `/packages/${id}/translations/en`, { name: 'Package' }), 422, 'language');

    expect(
      (await api('DELETE', `/packages/${id}/variant-groups/${group.id}/options/${option.id}`)).json.data.variantGroups[0].options,
    ).toEqual([]);
    expect((await api('DELETE', `/packages/${id}/variant-groups/${group.id}`)).json.data.variantGroups).toEqual([]);
    expect((await api('DELETE', `/packages/${id}/prices/${price.id}`)).json.data.prices).toEqual([]);
    expect((await api('GET', '/plugin-instances')).json.data[0]).not.toHaveProperty('secrets');
  });
});

describe('junk input', () => {
  let id: number;
  let groupId: number;
  let priceId: number;
  beforeAll(async () => {
    id = await newPackage();
    priceId = (await api('POST', `/packages/${id}/prices`, monthly)).json.data.prices[0].id;
    groupId = (await api('POST', `/packages/${id}/variant-groups`, { name: 'OS' })).json.data.variantGroups[0].id;
  });

  const cases = (): [string, string, string, unknown, number, string?, Record<string, string>?][] => [
    ['not JSON', 'POST', '/catalogs', '{name: nope', 422, 'body'],
    ['an array', 'POST', '/catalogs', '[1, 2]', 422, 'body'],
    ['null', 'POST', '/catalogs', 'null', 422, 'body'],
    ['an empty body', 'POST', `/packages/${id}/prices`, '', 422, 'body'],
    ['no JSON content type', 'POST', '/catalogs', 'name=x', 422, 'body', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['wrong types', 'POST', '/packages', { catalogId: 'abc', name: 5 }, 422, 'catalogId'],
    ['a number for a name', 'POST', '/packages', { catalogId, name: 5 }, 422, 'name'],
    ['a huge name', 'POST', '/packages', { catalogId, name: 'x'.repeat(100_000) }, 422, 'name'],
    ['a fractional stock', 'POST', '/packages', { catalogId, name: 'ok', stock: 1.5 }, 422, 'stock'],
    ['a string boolean', 'POST', '/packages', { catalogId, name: 'ok', allowQuantity: 'maybe' }, 422, 'allowQuantity'],
    ['an unknown catalog', 'POST', '/packages', { catalogId: 99999, name: 'ok' }, 422, 'catalogId'],
    ['a 5-decimal price', 'POST', `/packages/${id}/prices`, { ...monthly, name: 'P5', price: '1.23456' }, 422, 'price'],
    ['a 5-decimal number price', 'POST', `/packages/${id}/prices`, { ...monthly, name: 'P5', price: 1.23456 }, 422, 'price'],
    ['a negative price', 'POST', `/packages/${id}/prices`, { ...monthly, name: 'P5', price: -1 }, 422, 'price'],
    ['an exponent price', 'POST', `/packages/${id}/prices`, { ...monthly, name: 'P5', price: '1e5' }, 422, 'price'],
    ['an object price', 'POST', `/packages/${id}/prices`, { ...monthly, name: 'P5', price: {} }, 422, 'price'],
    ['an unknown currency', 'POST', `/packages/${id}/prices`, { ...monthly, name: 'P5', currency: 'XYZ' }, 422, 'currency'],
    ['a 5-decimal renaming patch', 'PATCH', `/packages/${id}/prices/${priceId}`, { name: 'Renamed', setupFee: '0.00001' }, 422, 'setupFee'],
    [
      'prices that are not a list',
      'POST',
      `/packages/${id}/variant-groups/${groupId}/options`,
      { name: 'x', prices: 'nope' },
      422,
      'prices',
    ],
    [
      'a 5-decimal option price',
      'POST',
      `/packages/${id}/variant-groups/${groupId}/options`,
      { name: 'x', prices: [{ priceName: 'Monthly', currency: 'USD', price: '1.00001' }] },
      422,
      'prices.0.price',
    ],
    ['scaling ids as a word', 'PUT', `/packages/${id}/scaling`, { targetIds: 'abc' }, 422, 'targetIds.0'],
    ['scaling to itself', 'PUT', `/packages/${id}/scaling`, { targetIds: [id] }, 422, 'targetIds'],
    ['an unknown plugin instance', 'PUT', `/packages/${id}/provisioning`, { pluginInstanceId: 99999 }, 422, 'pluginInstanceId'],
    [
      'a missing required option',
      'PUT',
      `/packages/${id}/provisioning`,
      { pluginInstanceId: instanceId, options: { region: 'eu' } },
      422,
      'options.plan',
    ],
    ['an unknown language', 'PUT', `/packages/${id}/welcome-emails/xx`, { subject: 'x' }, 422, 'language'],
    ['a malformed language', 'PUT', `/packages/${id}/translations/EN!`, { name: 'x' }, 422, 'language'],
    ['a huge subject', 'PUT', `/packages/${id}/welcome-emails/en`, { subject: 'x'.repeat(201) }, 422, 'subject'],
    ['a negative page', 'GET', '/packages?page=-1', undefined, 422, 'page'],
    ['an unknown sort', 'GET', '/packages?sort=evil', undefined, 422, 'sort'],
    ['unknown package', 'GET', '/packages/99999', undefined, 404],
    ['id abc', 'GET', '/packages/abc', undefined, 404],
    ['id 99999999999', 'GET', '/packages/99999999999', undefined, 404],
    ['id -1', 'GET', '/packages/-1', undefined, 404],
    ['id 1.5', 'GET', '/packages/1.5', undefined, 404],
    ['patch of an unknown package', 'PATCH', '/packages/99999', { name: 'x' }, 404],
    ['delete of an unknown package', 'DELETE', '/packages/abc', undefined, 404],
    ['a price of an unknown package', 'POST', '/packages/99999999999/prices', monthly, 404],
    ['an unknown price', 'PATCH', `/packages/${id}/prices/99999`, { name: 'x' }, 404],
    ['an unknown group', 'POST', `/packages/${id}/variant-groups/abc/options`, { name: 'x' }, 404],
    ['an unknown option', 'DELETE', `/packages/${id}/variant-groups/${groupId}/options/99999999999`, undefined, 404],
    ['an unknown catalog id', 'PATCH', '/catalogs/99999999999', { name: 'x' }, 404],
    ['an unknown route', 'GET', '/nope', undefined, 404],
    ['an unknown method', 'PUT', `/catalogs/${catalogId}`, { name: 'x' }, 404],
  ];

  it('answers every kind of junk with a JSON 4xx naming the problem, and changes nothing', async () => {
    const before = await snapshot(t);
    for (const [label, method, path, body, status, field, headers] of cases()) {
      const r = await api(method, path, body, { headers });
      expect(r.status, label).toBe(status);
      expectError(r, status, field);
    }
    expect(await snapshot(t)).toBe(before);
  });

  it('answers a body over the size limit with a JSON 413', async () => {
    const before = await snapshot(t);
    const r = await api('POST', '/packages', { catalogId, name: 'x'.repeat(2_000_000) });
    expectError(r, 413);
    expect(await snapshot(t)).toBe(before);
  });

  it('refuses a NUL character in text with 422, not a 500', async () => {
    const before = await snapshot(t);
    expectError(await api('POST', '/catalogs', { name: 'bad\u0000name' }), 422, 'name');
    expectError(await api('POST', '/packages', { catalogId, name: 'ok', description: '<p>a\u0000b</p>' }), 422, 'description');
    const search = await api('GET', '/packages?q=%00');
    expect([200, 422]).toContain(search.status);
    expect(await snapshot(t)).toBe(before);
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with the paths and a PriceInput schema', async () => {
    const r = await api('GET', '/openapi.json', undefined, { token: null });
    expect(r.status).toBe(200);
    const doc = r.json as any;
    expect(doc.openapi).toMatch(/^3\.1\./);
    for (const path of [
      '/catalogs',
      '/catalogs/{id}',
      '/packages',
      '/packages/{id}',
      '/packages/{id}/prices',
      '/packages/{id}/prices/{priceId}',
      '/packages/{id}/variant-groups/{groupId}/options',
      '/packages/{id}/provisioning',
      '/packages/{id}/scaling',
      '/packages/{id}/welcome-emails/{language}',
      '/packages/{id}/translations/{language}',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const price = doc.components.schemas.PriceInput;
    expect(price.required).toEqual(expect.arrayContaining(['name', 'type', 'currency', 'price']));
    const pattern = new RegExp(price.properties.price.pattern);
    expect(pattern.test('12.50')).toBe(true);
    expect(pattern.test('0.0385')).toBe(true);
    expect(pattern.test('1.23456')).toBe(false);
    expect(pattern.test('-1')).toBe(false);
    expect(doc.paths['/packages/{id}/prices'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/PriceInput',
    );
  });
});
