import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../../src/modules/catalog/save-variant-option.ts';
import { savePluginInstance } from '../../../src/modules/plugins/save-plugin-instance.ts';
import { addMonthlyPrice, makePackage, pkgDetail, seedBasics, snapshot, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let catalogId: number;
let n = 0;
const newPackage = () => makePackage(t, catalogId, `Tab package ${++n}`);

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  owner = await staffClient(t, 'owner');
});
afterAll(() => t.close());

/** The price row form as the browser sends it. */
const priceForm = (over: Record<string, string | string[]> = {}) => ({
  name: 'Monthly',
  type: 'recurring',
  intervalCount: '1',
  period: 'month',
  currency: 'USD',
  price: '9.99',
  renewalPrice: '',
  setupFee: '',
  cancellationFee: '',
  cancelAtEndOfTerm: ['0'],
  enabled: ['0', '1'],
  ...over,
});

describe('pricing tab', () => {
  it('adds a price with htmx and answers with the #price-list fragment', async () => {
    const id = await newPackage();
    const res = await owner.post(`/admin/packages/${id}/prices`, priceForm({ price: '12.5', setupFee: '0.0385', renewalPrice: '11' }), {
      htmx: true,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<div id="price-list">')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).toContain('Price added.');
    expect((await pkgDetail(t, id)).prices).toMatchObject([
      {
        name: 'Monthly',
        type: 'recurring',
        intervalCount: 1,
        period: 'month',
        currency: 'USD',
        price: '12.5000',
        renewalPrice: '11.0000',
        setupFee: '0.0385',
        enabled: true,
      },
    ]);
    const plain = await owner.post(
      `/admin/packages/${id}/prices`,
      priceForm({ name: 'Setup only', type: 'onetime', intervalCount: '', period: '' }),
    );
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/admin/packages/${id}/pricing`);
  });

  it.each([
    ['recurring without a period', { period: '' }, 'A recurring price needs a billing period.'],
    ['recurring without an interval', { intervalCount: '' }, 'A recurring price needs an interval (e.g. every 1 month).'],
    ['a free price with a price', { type: 'free', intervalCount: '', period: '', price: '5' }, 'A free price must be 0.'],
    ['a duplicate name in one currency', { name: 'monthly' }, 'This package already has a price named "Monthly" in USD.'],
    ['an unknown currency', { currency: 'XYZ' }, "XYZ is not one of the store's currencies; add it under Settings first."],
    ['a junk currency', { currency: 'dollars' }, 'Use a three-letter currency code such as USD.'],
    ['5 decimals', { price: '9.12345' }, 'Use at most 4 decimal places.'],
    ['5 decimals in a fee', { setupFee: '0.00001' }, 'Use at most 4 decimal places.'],
    ['a negative price', { price: '-1' }, 'The amount cannot be negative.'],
    ['a word for a price', { price: 'ten' }, 'Enter a number such as 12.50.'],
    ['an unknown type', { type: 'weekly' }, 'Choose free, onetime or recurring.'],
    ['an interval of 0', { intervalCount: '0' }, 'Use 1 or more.'],
  ])('refuses %s with 422 and the message, storing nothing', async (_label, over, message) => {
    const id = await newPackage();
    await addMonthlyPrice(t, id, '5');
    const before = await snapshot(t);
    const res = await owner.post(`/admin/packages/${id}/prices`, priceForm({ name: 'Other', ...over }), { htmx: true });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html.startsWith('<div id="price-list">')).toBe(true);
    expect(html).toContain(message);
    expect(await snapshot(t)).toBe(before);
  });

  it('warns about two prices with the same term, period and currency, but keeps both', async () => {
    const id = await newPackage();
    await owner.post(`/admin/packages/${id}/prices`, priceForm(), { htmx: true });
    const res = await owner.post(`/admin/packages/${id}/prices`, priceForm({ name: 'Monthly promo', price: '7' }), { htmx: true });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('"Monthly" and "Monthly promo" have the same term (every month) in USD.');
    expect((await pkgDetail(t, id)).prices).toHaveLength(2);
    const eur = await newPackage();
    await owner.post(`/admin/packages/${eur}/prices`, priceForm(), { htmx: true });
    const noWarning = await textOf(await owner.post(`/admin/packages/${eur}/prices`, priceForm({ currency: 'EUR' }), { htmx: true }));
    expect(noWarning).not.toContain('have the same term');
  });

  it('disables and enables a price, and removes it', async () => {
    const id = await newPackage();
    const price = await addMonthlyPrice(t, id, '5');
    const off = await owner.post(`/admin/packages/${id}/prices/${price.id}/toggle`, {}, { htmx: true });
    expect(await off.text()).toContain('Price disabled.');
    expect((await pkgDetail(t, id)).prices[0]!.enabled).toBe(false);
    const on = await owner.post(`/admin/packages/${id}/prices/${price.id}/toggle`, {}, { htmx: true });
    expect(await on.text()).toContain('Price enabled.');
    expect((await pkgDetail(t, id)).prices[0]!.enabled).toBe(true);
    const gone = await owner.post(`/admin/packages/${id}/prices/${price.id}/delete`, {}, { htmx: true });
    expect(gone.status).toBe(200);
    expect(await gone.text()).toContain('Price removed.');
    expect((await pkgDetail(t, id)).prices).toEqual([]);
    expect((await owner.post(`/admin/packages/${id}/prices/${price.id}/delete`, {}, { htmx: true })).status).toBe(404);
  });

  it('renaming a price renames the variant prices of the same currency only', async () => {
    const id = await newPackage();
    const usd = await addMonthlyPrice(t, id, '5');
    await savePrice(t.em(), id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'EUR',
      price: '4',
    });
    const group = await saveVariantGroup(t.em(), id, undefined, { name: 'OS' });
    await saveVariantOption(t.em(), id, group.id, undefined, {
      name: 'Ubuntu',
      prices: [
        { priceName: 'Monthly', currency: 'USD', price: '1' },
        { priceName: 'Monthly', currency: 'EUR', price: '0.9' },
      ],
    });
    const res = await owner.post(`/admin/packages/${id}/prices/${usd.id}`, priceForm({ name: 'Monthly plan', price: '5' }), { htmx: true });
    expect(res.status).toBe(200);
    const prices = (await pkgDetail(t, id)).variantGroups[0]!.options[0]!.prices.map((p) => `${p.priceName}/${p.currency}`).sort();
    expect(prices).toEqual(['Monthly plan/USD', 'Monthly/EUR']);
  });
});

describe('variants tab', () => {
  const optionForm = (name: string, rows: [string, string, string, string][]) => ({
    name,
    'pn[]': rows.map((r) => r[0]),
    'pc[]': rows.map((r) => r[1]),
    'pp[]': rows.map((r) => r[2]),
    'ps[]': rows.map((r) => r[3]),
  });

  it('adds a group and an option with prices, then removes them', async () => {
    const id = await newPackage();
    await addMonthlyPrice(t, id, '5');
    await savePrice(t.em(), id, undefined, {
      name: 'Annual',
      type: 'recurring',
      intervalCount: 1,
      period: 'year',
      currency: 'USD',
      price: '50',
    });
    const res = await owner.post(`/admin/packages/${id}/variants`, { name: 'Operating system' }, { htmx: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<div id="variants">')).toBe(true);
    expect(html).toContain('value="Operating system"');
    const groupId = (await pkgDetail(t, id)).variantGroups[0]!.id;
    const opt = await owner.post(
      `/admin/packages/${id}/variants/${groupId}/options`,
      optionForm('Ubuntu 24.04', [
        ['Monthly', 'USD', '2.5', ''],
        ['Annual', 'USD', '', ''],
      ]),
      { htmx: true },
    );
    expect(opt.status).toBe(200);
    const option = (await pkgDetail(t, id)).variantGroups[0]!.options[0]!;
    expect(option).toMatchObject({
      name: 'Ubuntu 24.04',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '2.5000', setupFee: '0.0000' }],
    });

    const before = await snapshot(t);
    const bad = await owner.post(
      `/admin/packages/${id}/variants/${groupId}/options`,
      optionForm('Debian', [['Monthly', 'USD', '1.23456', '']]),
      { htmx: true },
    );
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toContain('Use at most 4 decimal places.');
    const blank = await owner.post(`/admin/packages/${id}/variants`, { name: '' }, { htmx: true });
    expect(blank.status).toBe(422);
    expect(await textOf(blank)).toContain('Enter a name.');
    expect(await snapshot(t)).toBe(before);

    const rmOption = await owner.post(`/admin/packages/${id}/variants/${groupId}/options/${option.id}/delete`, {}, { htmx: true });
    expect(rmOption.status).toBe(200);
    expect((await pkgDetail(t, id)).variantGroups[0]!.options).toEqual([]);
    const rmGroup = await owner.post(`/admin/packages/${id}/variants/${groupId}/delete`, {}, { htmx: true });
    expect(rmGroup.status).toBe(200);
    expect((await pkgDetail(t, id)).variantGroups).toEqual([]);
  });

  it('shows a refused group, option or own prices again as they were sent, not as stored', async () => {
    const id = await newPackage();
    await addMonthlyPrice(t, id, '5');
    const group = await saveVariantGroup(t.em(), id, undefined, { name: 'Operating system' });
    const option = await saveVariantOption(t.em(), id, group.id, undefined, {
      name: 'Debian',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '1' }],
    });
    const before = await snapshot(t);
    // The control with this id, as the page shows it.
    const control = (html: string, elementId: string) => new RegExp(`<(input|select)[^>]*id="${elementId}"[^>]*>`).exec(html)![0];
    const selected = (html: string, elementId: string) =>
      /<option value="([^"]*)" selected/.exec(html.slice(html.indexOf(`id="${elementId}"`)))![1];

    const groupEdit = await owner.post(
      `/admin/packages/${id}/variants/${group.id}`,
      { name: 'OS choice', type: 'text', display: 'select', minQuantity: '1', maxQuantity: '2', pattern: '([', upgradable: '1' },
      { htmx: true },
    );
    expect(groupEdit.status).toBe(422);
    const g = await groupEdit.text();
    expect(control(g, `g${group.id}-name`)).toContain('value="OS choice"');
    expect(selected(g, `g${group.id}-type`)).toBe('text');
    expect(selected(g, `g${group.id}-display`)).toBe('select');
    expect(control(g, `g${group.id}-minQuantity`)).toContain('value="1"');
    expect(control(g, `g${group.id}-maxQuantity`)).toContain('value="2"');
    expect(control(g, `g${group.id}-pattern`)).toContain('value="(["');
    expect(control(g, `g${group.id}-upgradable`)).toContain('checked');

    const optionEdit = await owner.post(
      `/admin/packages/${id}/variants/${group.id}/options/${option.id}`,
      optionForm('Debian 13', [['Monthly', 'USD', 'abc', '2.00']]),
      { htmx: true },
    );
    expect(optionEdit.status).toBe(422);
    const o = await optionEdit.text();
    expect(control(o, `o${option.id}-name`)).toContain('value="Debian 13"');
    expect(control(o, `o${option.id}-pp-0`)).toContain('value="abc"');
    expect(control(o, `o${option.id}-ps-0`)).toContain('value="2.00"');

    const own = await owner.post(
      `/admin/packages/${id}/variants/${group.id}/options/${option.id}/own-prices`,
      optionForm('', [['Monthly', 'USD', '3.5', 'x']]),
      { htmx: true },
    );
    expect(own.status).toBe(422);
    const p = await own.text();
    expect(control(p, `own${option.id}-pp-0`)).toContain('value="3.5"');
    expect(control(p, `own${option.id}-ps-0`)).toContain('value="x"');
    expect(await snapshot(t)).toBe(before);
  });

  it('flags a variant price whose name matches no package price', async () => {
    const id = await newPackage();
    await addMonthlyPrice(t, id, '5');
    const group = await saveVariantGroup(t.em(), id, undefined, { name: 'OS' });
    await saveVariantOption(t.em(), id, group.id, undefined, {
      name: 'Debian',
      prices: [{ priceName: 'Weekly', currency: 'USD', price: '1' }],
    });
    const html = await textOf(await owner.get(`/admin/packages/${id}/variants`));
    expect(html).toContain('1 variant price matches no package price by name and currency.');
    expect(html).toContain('No package price is named "Weekly" in USD: clients cannot buy this.');
  });
});

describe('provisioning tab', () => {
  let instanceId: number;
  beforeAll(async () => {
    instanceId = (
      await savePluginInstance(
        t.em(),
        undefined,
        { plugin: 'webhook', name: 'Panel hook', settings: { url: 'http://127.0.0.1:9/hook', signingSecret: 'shh-secret' } },
        t.config.APP_SECRET,
      )
    ).id;
  });

  it.each([
    ['a missing required plan', { 'options[region]': 'eu' }, 'Remote plan name is required.'],
    ['a blank required plan', { 'options[plan]': '  ', 'options[region]': 'eu' }, 'Remote plan name is required.'],
    ['a select value not offered', { 'options[plan]': 'vps-s', 'options[region]': 'mars' }, 'Choose one of: eu, us, asia.'],
    ['a number field with text', { 'options[plan]': 'vps-s', 'options[diskGb]': 'lots' }, 'Disk (GB) must be a number.'],
    ['a number out of range', { 'options[plan]': 'vps-s', 'options[diskGb]': '0' }, 'Disk (GB) must be at least 1.'],
    ['an instance that does not exist', { 'options[plan]': 'vps-s', pluginInstanceId: '99999' }, 'Choose a plugin instance that exists.'],
  ])('refuses %s with 422 and the message, storing nothing', async (_label, over, message) => {
    const id = await newPackage();
    const before = await snapshot(t);
    const res = await owner.post(`/admin/packages/${id}/provisioning`, { pluginInstanceId: String(instanceId), ...over });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain(message);
    expect(await snapshot(t)).toBe(before);
  });

  it('saves valid options (dropping unknown ones), and clears them', async () => {
    const id = await newPackage();
    const res = await owner.post(`/admin/packages/${id}/provisioning`, {
      pluginInstanceId: String(instanceId),
      'options[plan]': 'vps-s',
      'options[region]': 'us',
      'options[diskGb]': '40',
      'options[evil]': 'x',
    });
    expect(res.status).toBe(303);
    expect(await pkgDetail(t, id)).toMatchObject({
      pluginInstanceId: instanceId,
      pluginOptions: { plan: 'vps-s', region: 'us', diskGb: 40 },
    });
    expect((await pkgDetail(t, id)).pluginOptions).not.toHaveProperty('evil');
    const hx = await owner.post(
      `/admin/packages/${id}/provisioning`,
      { pluginInstanceId: String(instanceId), 'options[plan]': 'vps-m' },
      { htmx: true },
    );
    expect(hx.status).toBe(200);
    expect(await hx.text()).toContain('Provisioning saved.');
    await owner.post(`/admin/packages/${id}/provisioning`, { pluginInstanceId: '' });
    expect(await pkgDetail(t, id)).toMatchObject({ pluginInstanceId: null, pluginOptions: {} });
  });

  it("renders the chosen instance's plugin fields as a fragment", async () => {
    const id = await newPackage();
    const res = await owner.get(`/admin/packages/${id}/provisioning/options?pluginInstanceId=${instanceId}`, { htmx: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<form id="provisioning-form"')).toBe(true);
    for (const field of ['options[plan]', 'options[region]', 'options[diskGb]']) expect(html).toContain(`name="${field}"`);
    const none = await (await owner.get(`/admin/packages/${id}/provisioning/options?pluginInstanceId=`, { htmx: true })).text();
    expect(none).not.toContain('options[plan]');
  });
});

describe('scaling tab', () => {
  it('saves the ticked targets, refuses itself and unknown ids', async () => {
    const id = await newPackage();
    const [a, b] = [await newPackage(), await newPackage()];
    const res = await owner.post(`/admin/packages/${id}/scaling`, { 'targetIds[]': ['', String(a), String(b)] });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/packages/${id}/scaling?saved=1`);
    expect((await pkgDetail(t, id)).scalableTo.map((x) => x.id).sort()).toEqual([a, b].sort());

    const before = await snapshot(t);
    for (const [ids, message] of [
      [[String(a), String(id)], 'A package cannot be scaled to itself.'],
      [[String(a), '99999999'], 'Choose packages that exist.'],
      [['abc'], 'Enter an id.'],
    ] as const) {
      const bad = await owner.post(`/admin/packages/${id}/scaling`, { 'targetIds[]': ['', ...ids] });
      expect(bad.status).toBe(422);
      expect(await textOf(bad)).toContain(message);
    }
    expect(await snapshot(t)).toBe(before);
    await owner.post(`/admin/packages/${id}/scaling`, { 'targetIds[]': [''] });
    expect((await pkgDetail(t, id)).scalableTo).toEqual([]);
  });
});

describe('welcome email tab', () => {
  it('saves one email per language', async () => {
    const id = await newPackage();
    const en = await owner.post(`/admin/packages/${id}/email`, {
      language: 'en',
      subject: 'Welcome {client.name}',
      html: '<p>Hi {client.name}</p>',
      text: 'Hi {client.name}',
    });
    expect(en.status).toBe(303);
    expect(en.headers.get('location')).toBe(`/admin/packages/${id}/email?lang=en&saved=1`);
    await owner.post(`/admin/packages/${id}/email`, { language: 'de', subject: 'Willkommen', html: '<p>Hallo</p>', text: 'Hallo' });
    const emails = (await pkgDetail(t, id)).welcomeEmails.sort((x, y) => x.language.localeCompare(y.language));
    expect(emails).toEqual([
      { language: 'de', subject: 'Willkommen', html: '<p>Hallo</p>', text: 'Hallo' },
      { language: 'en', subject: 'Welcome {client.name}', html: '<p>Hi {client.name}</p>', text: 'Hi {client.name}' },
    ]);
    expect(await textOf(await owner.get(`/admin/packages/${id}/email?lang=de`))).toContain('value="Willkommen"');
  });

  it('previews with sample data and flags unknown tags, storing nothing', async () => {
    const id = await newPackage();
    const before = await snapshot(t);
    const res = await owner.post(
      `/admin/packages/${id}/email/preview`,
      { subject: 'Hello {client.name}', html: '<p>{client.name} {nope.tag}</p><script>alert(1)</script>', text: 'Service {service.id}' },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('Hello Ada Lovelace');
    expect(html).toContain('Service 1042');
    expect(html).toContain('Unknown tag: {nope.tag}');
    expect(html).not.toContain('<script>alert(1)');
    expect(await snapshot(t)).toBe(before);
  });

  it('refuses an unknown or malformed language, storing nothing', async () => {
    const id = await newPackage();
    const before = await snapshot(t);
    const unknown = await owner.post(`/admin/packages/${id}/email`, { language: 'fr', subject: 'Bonjour', html: '', text: '' });
    expect(unknown.status).toBe(422);
    expect(await textOf(unknown)).toContain("fr is not one of the store's languages; add it under Settings first.");
    const junk = await owner.post(`/admin/packages/${id}/email`, { language: 'EN!!', subject: 'x', html: '', text: '' });
    expect(junk.status).toBe(422);
    expect(await textOf(junk)).toContain('Use a language code such as en or pt-BR.');
    expect(await snapshot(t)).toBe(before);
  });
});

describe('translations tab', () => {
  it('saves a translation for a non-default language, sanitizing its description', async () => {
    const id = await newPackage();
    const res = await owner.post(`/admin/packages/${id}/translations`, {
      language: 'de',
      name: 'Kleiner VPS',
      description: '<p>Schnell</p><script>alert(1)</script>',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/packages/${id}/translations?saved=de`);
    expect((await pkgDetail(t, id)).translations).toEqual([{ language: 'de', name: 'Kleiner VPS', description: '<p>Schnell</p>' }]);
    expect(await textOf(await owner.get(`/admin/packages/${id}/translations?saved=de`))).toContain('Deutsch saved.');
  });

  it('refuses the default language and unknown ones, storing nothing', async () => {
    const id = await newPackage();
    const before = await snapshot(t);
    const def = await owner.post(`/admin/packages/${id}/translations`, { language: 'en', name: 'English name' });
    expect(def.status).toBe(422);
    const unknown = await owner.post(`/admin/packages/${id}/translations`, { language: 'fr', name: 'Nom' });
    expect(unknown.status).toBe(422);
    const long = await owner.post(`/admin/packages/${id}/translations`, { language: 'de', name: 'x'.repeat(161) });
    expect(long.status).toBe(422);
    expect(await textOf(long)).toContain('Use at most 160 characters.');
    expect(await snapshot(t)).toBe(before);
  });
});
