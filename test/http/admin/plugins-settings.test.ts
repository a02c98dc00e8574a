import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { setPackageProvisioning } from '../../../src/modules/catalog/set-package-provisioning.ts';
import { saveVariantGroup } from '../../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../../src/modules/catalog/save-variant-option.ts';
import { instanceConfig } from '../../../src/modules/plugins/instance-config.ts';
import { signWebhook } from '../../../src/modules/plugins/webhook.ts';
import { getBillingSettings } from '../../../src/modules/settings/billing-settings.ts';
import { loadSettings } from '../../../src/modules/settings/load-settings.ts';
import { makePackage, seedBasics, snapshot, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let catalogId: number;

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  owner = await staffClient(t, 'owner');
});
afterAll(() => t.close());

const instanceRow = async (id: number) => {
  const [row] = await t.orm.em
    .getConnection()
    .execute<{ id: number; name: string; settings: Record<string, unknown>; secrets: string }[]>(
      'select id, name, settings, secrets from plugin_instance where id = ?',
      [id],
    );
  return row!;
};

const idFrom = (location: string | null) => Number(/\/admin\/plugins\/(\d+)$/.exec(location ?? '')?.[1]);

/** A local endpoint for the webhook plugin: answers `status` and remembers what it received. */
let server: Server;
let status = 200;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let endpoint = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));

let hooks = 0;
const createHook = async (secret = 'plain-signing-secret-42') => {
  const res = await owner.post('/admin/plugins', {
    plugin: 'webhook',
    name: `Hook ${++hooks}`,
    'settings[url]': endpoint,
    'settings[signingSecret]': secret,
  });
  expect(res.status).toBe(303);
  return idFrom(res.headers.get('location'));
};

describe('plugin instances', () => {
  it('stores the signing secret encrypted and never shows it', async () => {
    const id = await createHook('plain-signing-secret-42');
    const row = await instanceRow(id);
    expect(row.settings).toEqual({ url: endpoint });
    expect(row.secrets).toMatch(/^v1\./);
    expect(row.secrets).not.toContain('plain-signing-secret-42');
    expect(instanceConfig(row, t.config.APP_SECRET).settings.signingSecret).toBe('plain-signing-secret-42');
    const page = await textOf(await owner.get(`/admin/plugins/${id}`));
    expect(page).toContain('stored; leave blank to keep');
    expect(page).not.toContain('plain-signing-secret-42');
  });

  it('keeps the stored secret when edited with a blank one, and replaces it when a new one is typed', async () => {
    const id = await createHook('first-secret-value');
    const res = await owner.post(`/admin/plugins/${id}`, {
      name: 'Renamed hook',
      'settings[url]': `${endpoint}?v=2`,
      'settings[signingSecret]': '',
    });
    expect(res.status).toBe(303);
    let row = await instanceRow(id);
    expect(row.name).toBe('Renamed hook');
    expect(instanceConfig(row, t.config.APP_SECRET).settings).toEqual({ url: `${endpoint}?v=2`, signingSecret: 'first-secret-value' });
    await owner.post(`/admin/plugins/${id}`, {
      name: 'Renamed hook',
      'settings[url]': endpoint,
      'settings[signingSecret]': 'second-secret-value',
    });
    row = await instanceRow(id);
    expect(instanceConfig(row, t.config.APP_SECRET).settings.signingSecret).toBe('second-secret-value');
  });

  it('asks for a secret typed into a refused form to be typed again, never showing it, and keeps the stored one meanwhile', async () => {
    const id = await createHook('kept-secret-value');
    const before = await snapshot(t);
    const edit = await owner.post(`/admin/plugins/${id}`, {
      name: 'Hook edited',
      'settings[url]': 'not a url',
      'settings[signingSecret]': 'typed-new-secret',
    });
    expect(edit.status).toBe(422);
    const html = await textOf(edit);
    expect(html).toContain('Type it again: a secret is not shown back on the page, and left blank the stored one is kept.');
    expect(html).not.toContain('typed-new-secret');
    const added = await textOf(
      await owner.post('/admin/plugins', {
        plugin: 'webhook',
        name: '',
        'settings[url]': endpoint,
        'settings[signingSecret]': 'typed-first',
      }),
    );
    expect(added).toContain('Type it again: a secret is not shown back on the page.');
    expect(added).not.toContain('typed-first');
    // Left blank, nothing is asked again.
    const blank = await textOf(
      await owner.post(`/admin/plugins/${id}`, { name: '', 'settings[url]': endpoint, 'settings[signingSecret]': '' }),
    );
    expect(blank).not.toContain('Type it again');
    expect(await snapshot(t)).toBe(before);
    expect(instanceConfig(await instanceRow(id), t.config.APP_SECRET).settings.signingSecret).toBe('kept-secret-value');
  });

  it.each([
    ['a URL that is not one', { 'settings[url]': 'not a url' }, 'Endpoint URL must be an http(s) URL.'],
    ['an ftp URL', { 'settings[url]': 'ftp://files.example.com/hook' }, 'Endpoint URL must be an http(s) URL.'],
    ['a javascript: URL', { 'settings[url]': 'javascript:alert(1)' }, 'Endpoint URL must be an http(s) URL.'],
    ['no signing secret', { 'settings[signingSecret]': '' }, 'Signing secret is required.'],
    ['an unknown plugin', { plugin: 'evil' }, 'Choose one of the installed plugins.'],
    ['a blank name', { name: '' }, 'Enter a name.'],
    ['a taken name', { name: 'Hook 1' }, 'Another instance already has that name.'],
  ])('refuses %s with 422 and the message, storing nothing', async (_label, over, message) => {
    if (hooks === 0) await createHook();
    const before = await snapshot(t);
    const res = await owner.post('/admin/plugins', {
      plugin: 'webhook',
      name: 'New hook',
      'settings[url]': endpoint,
      'settings[signingSecret]': 'x-secret',
      ...over,
    });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain(message);
    expect(html).not.toContain('x-secret');
    expect(await snapshot(t)).toBe(before);
  });

  it('tests the connection with a signed request: 200 is ok, 500 or no server is a failure', async () => {
    const id = await createHook('test-connection-secret');
    status = 200;
    received.length = 0;
    const ok = await owner.post(`/admin/plugins/${id}/test`, {}, { htmx: true });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Connected: the endpoint answered 200.');
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(headers['x-hostbill-event']).toBe('ping');
    const timestamp = String(headers['x-hostbill-timestamp']);
    expect(headers['x-hostbill-signature']).toBe(`sha256=${signWebhook('test-connection-secret', timestamp, body)}`);

    status = 500;
    const failed = await owner.post(`/admin/plugins/${id}/test`, {}, { htmx: true });
    expect(await failed.text()).toContain('The endpoint answered 500 Internal Server Error.');
    const page = await owner.post(`/admin/plugins/${id}/test`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('class="test fail"');

    await new Promise<void>((resolve) => server.close(() => resolve()));
    const down = await owner.post(`/admin/plugins/${id}/test`, {}, { htmx: true });
    expect(await down.text()).toMatch(/Could not connect: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\./);
  });

  it('refuses to delete an instance a package uses, and deletes it once unused', async () => {
    const id = await createHook();
    const pkgId = await makePackage(t, catalogId, 'Uses the hook');
    await setPackageProvisioning(t.em(), pkgId, { pluginInstanceId: id, options: { plan: 'p1' } });
    const before = await snapshot(t);
    const res = await owner.post(`/admin/plugins/${id}/delete`);
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('1 package uses this instance; choose another instance for it first.');
    expect(await snapshot(t)).toBe(before);
    await setPackageProvisioning(t.em(), pkgId, { pluginInstanceId: null });
    const ok = await owner.post(`/admin/plugins/${id}/delete`);
    expect(ok.status).toBe(303);
    expect((await owner.get(`/admin/plugins/${id}`)).status).toBe(404);
  });
});

describe('settings: currencies', () => {
  const currency = (over: Record<string, string | string[]> = {}) => ({
    code: 'GBP',
    name: 'Pound sterling',
    minorUnits: '2',
    rate: '0.79',
    isDefault: ['0'],
    ...over,
  });
  const codes = async () => (await loadSettings(t.em())).currencies.map((c) => `${c.code}:${c.rate}:${c.isDefault}`);

  it('adds a currency with its rate', async () => {
    const res = await owner.post('/admin/settings/currencies', currency({ code: 'chf', name: 'Swiss franc', rate: '0.88' }));
    expect(res.status).toBe(303);
    expect(await codes()).toContain('CHF:0.88000000:false');
    expect(await textOf(await owner.get('/admin/settings'))).toContain('Swiss franc');
  });

  it.each([
    ['a word', 'abc'],
    ['zero', '0'],
    ['a negative rate', '-1'],
    ['9 decimals', '0.123456789'],
    ['nothing', ''],
  ])('refuses %s as a rate, storing nothing', async (_label, rate) => {
    const before = await snapshot(t);
    const res = await owner.post('/admin/settings/currencies', currency({ rate }));
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('Enter a positive rate with at most 8 decimals, e.g. 0.92.');
    expect(await snapshot(t)).toBe(before);
  });

  it('refuses a bad code and un-defaulting the default currency', async () => {
    const before = await snapshot(t);
    const bad = await owner.post('/admin/settings/currencies', currency({ code: 'EURO' }));
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toContain('Use a three-letter currency code such as USD.');
    const undefault = await owner.post('/admin/settings/currencies', currency({ code: 'USD', name: 'US Dollar', rate: '1' }));
    expect(undefault.status).toBe(422);
    expect(await textOf(undefault)).toContain('Choose another default currency first.');
    expect(await snapshot(t)).toBe(before);
  });

  it('cannot remove the default currency, nor one a price uses', async () => {
    await owner.post('/admin/settings/currencies', currency({ code: 'JPY', name: 'Yen', minorUnits: '0', rate: '151.2' }));
    const pkgId = await makePackage(t, catalogId, 'Priced in yen');
    await savePrice(t.em(), pkgId, undefined, { name: 'Once', type: 'onetime', currency: 'JPY', price: '1000' });
    const group = await saveVariantGroup(t.em(), pkgId, undefined, { name: 'Extras' });
    await saveVariantOption(t.em(), pkgId, group.id, undefined, {
      name: 'Backup',
      prices: [{ priceName: 'Once', currency: 'JPY', price: '100' }],
    });
    const before = await snapshot(t);
    const def = await owner.post('/admin/settings/currencies/USD/delete');
    expect(def.status).toBe(409);
    expect(await textOf(def)).toContain('The default currency cannot be removed.');
    const used = await owner.post('/admin/settings/currencies/JPY/delete');
    expect(used.status).toBe(409);
    expect(await textOf(used)).toContain('2 prices use JPY; remove them first.');
    expect(await snapshot(t)).toBe(before);
    expect((await owner.post('/admin/settings/currencies/XXX/delete')).status).toBe(404);
  });

  it('changes the decimals of a currency nothing is stored in, and refuses once an invoice or a credit move is', async () => {
    const sql = (q: string, p: unknown[] = []) => t.orm.em.getConnection().execute(q, p);
    const decimals = async (code: string) => (await loadSettings(t.em())).currencies.find((c) => c.code === code)?.minorUnits;
    await owner.post('/admin/settings/currencies', currency({ code: 'NOK', name: 'Krone', rate: '10.5' }));
    expect(
      (await owner.post('/admin/settings/currencies', currency({ code: 'NOK', name: 'Krone', rate: '10.5', minorUnits: '3' }))).status,
    ).toBe(303);
    expect(await decimals('NOK')).toBe(3);

    const [client] = await sql(
      `insert into client (email, name, currency) values ('nok-${process.pid}@example.com', 'Nora', 'NOK') returning id`,
    );
    await sql(
      `insert into invoice (client_id, status, currency, subtotal, total, due_date) values (?, 'unpaid', 'NOK', 10, 10, '2027-01-01')`,
      [(client as { id: number }).id],
    );
    const before = await snapshot(t);
    const res = await owner.post('/admin/settings/currencies', currency({ code: 'NOK', name: 'Krone', rate: '10.5', minorUnits: '2' }));
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('Amounts are already stored in NOK with 3 decimals; they cannot change now.');
    expect(await snapshot(t)).toBe(before);
    // Its name and rate still change.
    expect(
      (await owner.post('/admin/settings/currencies', currency({ code: 'NOK', name: 'Norwegian krone', rate: '11', minorUnits: '3' })))
        .status,
    ).toBe(303);
    expect(await decimals('NOK')).toBe(3);

    // A credit move alone is enough.
    await owner.post('/admin/settings/currencies', currency({ code: 'DKK', name: 'Krone', rate: '7' }));
    await sql(`insert into credit_entry (client_id, amount, currency, reason) values (?, 5, 'DKK', 'test')`, [
      (client as { id: number }).id,
    ]);
    const dkk = await owner.post('/admin/settings/currencies', currency({ code: 'DKK', name: 'Krone', rate: '7', minorUnits: '0' }));
    expect(dkk.status).toBe(422);
    expect(await textOf(dkk)).toContain('Amounts are already stored in DKK with 2 decimals; they cannot change now.');
  });

  it('removes an unused currency', async () => {
    await owner.post('/admin/settings/currencies', currency({ code: 'SEK', name: 'Krona', rate: '11' }));
    const res = await owner.post('/admin/settings/currencies/sek/delete');
    expect(res.status).toBe(303);
    expect((await codes()).some((c) => c.startsWith('SEK'))).toBe(false);
  });
});

describe('settings: a NUL in a path', () => {
  it('is not found (404), for every settings row a path names, and nothing is removed', async () => {
    const before = await snapshot(t);
    for (const path of ['currencies/%00', 'languages/%00', 'tax-rates/%00']) {
      const res = await owner.post(`/admin/settings/${path}/delete`);
      expect(res.status, path).toBe(404);
      expect(await textOf(res)).toContain('That page was not found.');
    }
    expect((await owner.post('/admin/settings/emails/%00/reset')).status).toBe(404);
    expect(await snapshot(t)).toBe(before);
  });

  it('answers a reset of a message or language the store does not have with 404, whatever the path holds, never a 500', async () => {
    const before = await snapshot(t);
    for (const event of ['%0A', '%0D%0Ax:1', '%7F', '%01', 'abc', '%C3%A9'])
      expect((await owner.post(`/admin/settings/emails/${event}/reset`, { language: 'en' })).status, event).toBe(404);
    expect((await owner.post('/admin/settings/emails/invoice_issued/reset', { language: 'x'.repeat(100_000) })).status).toBe(404);
    expect(await snapshot(t)).toBe(before);
    const reset = await owner.post('/admin/settings/emails/invoice_issued/reset', { language: 'en' });
    expect(reset.status).toBe(303);
    expect(reset.headers.get('location')).toBe('/admin/settings/emails/invoice_issued?lang=en&saved=reset');
  });
});

describe('settings: languages', () => {
  it('adds and removes a language; refuses a bad code and removing the default', async () => {
    expect((await owner.post('/admin/settings/languages', { code: 'pt-BR', name: 'Português', isDefault: ['0'] })).status).toBe(303);
    expect((await loadSettings(t.em())).languages.map((l) => l.code)).toContain('pt-BR');
    const before = await snapshot(t);
    const bad = await owner.post('/admin/settings/languages', { code: 'DE!', name: 'Bad' });
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toContain('Use a language code such as en or pt-BR.');
    const def = await owner.post('/admin/settings/languages/en/delete');
    expect(def.status).toBe(409);
    expect(await textOf(def)).toContain('The default language cannot be removed.');
    expect(await snapshot(t)).toBe(before);
    expect((await owner.post('/admin/settings/languages/pt-BR/delete')).status).toBe(303);
    expect((await loadSettings(t.em())).languages.map((l) => l.code)).not.toContain('pt-BR');
  });
});

describe('settings: tax rates', () => {
  it('saves a rate for a country code, and removes it', async () => {
    const res = await owner.post('/admin/settings/tax-rates', { country: 'de', name: 'MwSt', rate: '19' });
    expect(res.status).toBe(303);
    expect((await loadSettings(t.em())).taxRates).toEqual([{ country: 'DE', name: 'MwSt', rate: '19.0000' }]);
    expect((await owner.post('/admin/settings/tax-rates/DE/delete')).status).toBe(303);
    expect((await loadSettings(t.em())).taxRates).toEqual([]);
    expect((await owner.post('/admin/settings/tax-rates/DE/delete')).status).toBe(404);
  });

  it.each([
    ['a three-letter country', { country: 'DEU' }, 'Use a two-letter country code such as DE.'],
    ['digits for a country', { country: '12' }, 'Use a two-letter country code such as DE.'],
    ['a code no country has', { country: 'XX' }, 'That is not a country code (ISO 3166, such as DE).'],
    ['more than 100 percent', { rate: '100.0001' }, 'A rate is a percent from 0 to 100.'],
    ['150 percent', { rate: '150' }, 'A rate is a percent from 0 to 100.'],
    ['a negative percent', { rate: '-5' }, 'A rate is a percent from 0 to 100.'],
    ['5 decimals', { rate: '19.12345' }, 'Use at most 4 decimal places.'],
  ])('refuses %s, storing nothing', async (_label, over, message) => {
    const before = await snapshot(t);
    const res = await owner.post('/admin/settings/tax-rates', { country: 'FR', name: 'TVA', rate: '20', ...over });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain(message);
    expect(await snapshot(t)).toBe(before);
  });
});

describe('settings: billing', () => {
  const field = (html: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

  it('shows the defaults 7/3/14/30', async () => {
    const html = await (await owner.get('/admin/settings')).text();
    expect([
      field(html, 'invoiceDaysBefore'),
      field(html, 'suspendAfterDays'),
      field(html, 'terminateAfterDays'),
      field(html, 'reservationMinutes'),
    ]).toEqual(['7', '3', '14', '30']);
  });

  it('refuses terminating before suspending, and other junk, storing nothing', async () => {
    const before = await snapshot(t);
    const early = await owner.post('/admin/settings/billing', {
      invoiceDaysBefore: '7',
      suspendAfterDays: '10',
      terminateAfterDays: '5',
      reservationMinutes: '30',
    });
    expect(early.status).toBe(422);
    expect(await textOf(early)).toContain('Terminate on or after the day services are suspended.');
    const many = await owner.post('/admin/settings/billing', {
      invoiceDaysBefore: '91',
      suspendAfterDays: '3',
      terminateAfterDays: '14',
      reservationMinutes: '0',
    });
    expect(many.status).toBe(422);
    const html = await textOf(many);
    expect(html).toContain('Use 90 or less.');
    expect(html).toContain('Use 1 or more.');
    expect(await snapshot(t)).toBe(before);
  });

  it('saves valid settings', async () => {
    const res = await owner.post('/admin/settings/billing', {
      invoiceDaysBefore: '10',
      suspendAfterDays: '5',
      terminateAfterDays: '20',
      reservationMinutes: '45',
    });
    expect(res.status).toBe(303);
    // An unticked checkbox sends nothing: same-day grouping is then off.
    expect(await getBillingSettings(t.em())).toEqual({
      invoiceDaysBefore: 10,
      suspendAfterDays: 5,
      terminateAfterDays: 20,
      reservationMinutes: 45,
      groupRenewals: false,
    });
    await owner.post('/admin/settings/billing', {
      invoiceDaysBefore: '7',
      suspendAfterDays: '3',
      terminateAfterDays: '14',
      reservationMinutes: '30',
      groupRenewals: 'on',
    });
    expect((await getBillingSettings(t.em())).groupRenewals).toBe(true);
  });
});
