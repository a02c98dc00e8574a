import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { makePackage, seedBasics, snapshot, textOf } from '../fixtures.ts';
import { apiCaller, expectApiError } from './helpers.ts';

let t: TestApp;
let owner: string;
let staff: Client;
let vps: number;
let dedicated: number;
let groupId: number;
let windows: number;
const api = apiCaller(
  () => t,
  () => owner,
);
const monthly = (price: string) => ({ name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price });
const total = async (packageId: number, optionIds: number[]) =>
  (await api('POST', '/quotes', { packageId, priceName: 'Monthly', optionIds })).json.data?.total;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  vps = await makePackage(t, catalogId, 'VPS');
  dedicated = await makePackage(t, catalogId, 'Dedicated');
  await savePrice(t.em(), vps, undefined, monthly('20'));
  await savePrice(t.em(), dedicated, undefined, monthly('50'));
  await savePrice(t.em(), dedicated, undefined, { ...monthly('500'), name: 'Annual', period: 'year' });
  owner = await apiToken(t, 'owner');
  staff = await staffClient(t, 'owner');
});
afterAll(() => t.close());

describe('shared option groups', () => {
  it('defines a group once on one package and uses it on another, priced by price name', async () => {
    const created = await api('POST', `/packages/${vps}/variant-groups`, { name: 'Operating system' });
    expect(created.status).toBe(201);
    groupId = created.json.data.variantGroups[0].id;
    const option = await api('POST', `/packages/${vps}/variant-groups/${groupId}/options`, {
      name: 'Windows',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '10' }],
    });
    windows = option.json.data.variantGroups[0].options[0].id;
    const used = await api('PUT', `/packages/${dedicated}/option-groups`, { groupIds: [groupId] });
    expect(used.status, JSON.stringify(used.json)).toBe(200);
    expect(used.json.data.variantGroups.map((g: { id: number }) => g.id)).toEqual([groupId]);
    expect(await total(vps, [windows])).toBe('30.0000');
    expect(await total(dedicated, [windows])).toBe('60.0000');
    const list = await api('GET', '/option-groups');
    expect(list.json.data).toEqual([
      {
        id: groupId,
        name: 'Operating system',
        type: 'choice',
        options: ['Windows'],
        packages: [
          { id: vps, name: 'VPS' },
          { id: dedicated, name: 'Dedicated' },
        ],
      },
    ]);
  });

  it('lets one package price an option its own way, leaving the others alone', async () => {
    const own = await api('PUT', `/packages/${dedicated}/options/${windows}/prices`, {
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '15' }],
    });
    expect(own.status, JSON.stringify(own.json)).toBe(200);
    expect(own.json.data.optionPriceOverrides).toEqual([
      { optionId: windows, priceName: 'Monthly', currency: 'USD', price: '15.0000', setupFee: '0.0000' },
    ]);
    expect(await total(dedicated, [windows])).toBe('65.0000');
    expect(await total(vps, [windows])).toBe('30.0000');
    await api('PUT', `/packages/${dedicated}/options/${windows}/prices`, { prices: [] });
    expect(await total(dedicated, [windows])).toBe('60.0000');
  });

  it('flags, on the package’s page, the prices an option has no price for', async () => {
    const html = await textOf(await staff.get(`/admin/packages/${dedicated}/variants`));
    expect(html).toContain('id="option-price-gaps"');
    expect(html).toContain('Annual (USD): Operating system: Windows');
    expect(html).toContain('Shared with VPS');
    const vpsPage = await textOf(await staff.get(`/admin/packages/${vps}/variants`));
    expect(vpsPage).not.toContain('id="option-price-gaps"');
  });

  it('attaches and detaches groups from the package page, keeping the group for the packages still using it', async () => {
    const second = await api('POST', `/packages/${vps}/variant-groups`, { name: 'Backups' });
    const backups = second.json.data.variantGroups[1].id;
    const res = await staff.post(
      `/admin/packages/${dedicated}/variants/attach`,
      { 'groupIds[]': ['', String(backups), String(groupId)] },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    // Already used groups keep their place; new ones come after.
    expect((await api('GET', `/packages/${dedicated}`)).json.data.variantGroups.map((g: { name: string }) => g.name)).toEqual([
      'Operating system',
      'Backups',
    ]);
    expect((await api('DELETE', `/packages/${vps}/variant-groups/${groupId}`)).status).toBe(200);
    expect((await api('GET', `/packages/${dedicated}`)).json.data.variantGroups.map((g: { name: string }) => g.name)).toEqual([
      'Operating system',
      'Backups',
    ]);
    expect(await total(vps, [windows])).toBeUndefined();
    // Set through the API, a group no package uses any more stays listed, to be used again.
    await api('PUT', `/packages/${dedicated}/option-groups`, { groupIds: [backups] });
    const listed = (await api('GET', '/option-groups')).json.data as { name: string; packages: unknown[] }[];
    expect(listed.map((g) => [g.name, g.packages.length])).toEqual([
      ['Backups', 2],
      ['Operating system', 0],
    ]);
    expect((await api('DELETE', `/packages/${dedicated}/variant-groups/${groupId}`)).status).toBe(404);
    // Removed from the last package using it on its page, a group is deleted.
    await api('DELETE', `/packages/${vps}/variant-groups/${backups}`);
    await api('DELETE', `/packages/${dedicated}/variant-groups/${backups}`);
    expect((await api('GET', '/option-groups')).json.data.map((g: { name: string }) => g.name)).toEqual(['Operating system']);
  });

  it('answers junk with a JSON error by the field and stores nothing', async () => {
    const before = await snapshot(t);
    expectApiError(await api('PUT', `/packages/${vps}/option-groups`, { groupIds: [999999] }), 422, 'groupIds');
    expectApiError(await api('PUT', `/packages/${vps}/option-groups`, { groupIds: 'all' }), 422);
    expectApiError(await api('PUT', `/packages/999999/option-groups`, { groupIds: [] }), 404);
    expectApiError(
      await api('PUT', `/packages/${vps}/options/${windows}/prices`, { prices: [{ priceName: 'Monthly', currency: 'USD', price: '1' }] }),
      404,
    );
    expectApiError(await api('PUT', `/packages/${dedicated}/options/abc/prices`, { prices: [] }), 404);
    const optionOfDedicated = windows;
    expectApiError(
      await api('PUT', `/packages/${dedicated}/options/${optionOfDedicated}/prices`, {
        prices: [{ priceName: 'Monthly', currency: 'USD', price: '-1' }],
      }),
      422,
    );
    expectApiError(await api('PUT', `/packages/${dedicated}/options/${optionOfDedicated}/prices`, { prices: 'cheap' }), 422, 'prices');
    const attach = await staff.post(`/admin/packages/${vps}/variants/attach`, { 'groupIds[]': ['abc'] }, { htmx: true });
    expect(attach.status).toBe(422);
    expect(await snapshot(t)).toBe(before);
  });
});

describe('option group settings', () => {
  it('takes a type and its settings, and refuses junk by the field without changing the group', async () => {
    const made = await api('POST', `/packages/${dedicated}/variant-groups`, {
      name: 'Hostname',
      type: 'text',
      minQuantity: 1,
      pattern: '^[a-z0-9.-]+$',
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const group = (made.json.data.variantGroups as { id: number; name: string }[]).find((g) => g.name === 'Hostname')!;
    expect(group).toMatchObject({ type: 'text', minQuantity: 1, pattern: '^[a-z0-9.-]+$', upgradable: false });
    const before = await snapshot(t);
    expectApiError(
      await api('PATCH', `/packages/${dedicated}/variant-groups/${group.id}`, { name: 'Hostname', type: 'colour' }),
      422,
      'type',
    );
    expectApiError(
      await api('PATCH', `/packages/${dedicated}/variant-groups/${group.id}`, { name: 'Hostname', minQuantity: 5, maxQuantity: 2 }),
      422,
      'maxQuantity',
    );
    expectApiError(
      await api('PATCH', `/packages/${dedicated}/variant-groups/${group.id}`, { name: 'Hostname', pattern: '([a-z' }),
      422,
      'pattern',
    );
    expectApiError(
      await api('PATCH', `/packages/${dedicated}/variant-groups/${group.id}`, { name: 'Hostname', upgradable: 'perhaps' }),
      422,
      'upgradable',
    );
    expect(await snapshot(t)).toBe(before);
  });

  it('keeps a quantity, yes/no or text group to one option', async () => {
    const made = await api('POST', `/packages/${dedicated}/variant-groups`, { name: 'Backups', type: 'yesno' });
    const group = (made.json.data.variantGroups as { id: number; name: string }[]).find((g) => g.name === 'Backups')!;
    expect(
      (
        await api('POST', `/packages/${dedicated}/variant-groups/${group.id}/options`, {
          name: 'Yes',
          prices: [{ priceName: 'Monthly', currency: 'USD', price: '5' }],
        })
      ).status,
    ).toBe(201);
    expectApiError(await api('POST', `/packages/${dedicated}/variant-groups/${group.id}/options`, { name: 'Also yes' }), 422, 'name');
    // A choice group with two options cannot become a quantity.
    const choice = await api('POST', `/packages/${dedicated}/variant-groups`, { name: 'Region' });
    const region = (choice.json.data.variantGroups as { id: number; name: string }[]).find((g) => g.name === 'Region')!;
    for (const name of ['EU', 'US']) await api('POST', `/packages/${dedicated}/variant-groups/${region.id}/options`, { name });
    expectApiError(
      await api('PATCH', `/packages/${dedicated}/variant-groups/${region.id}`, { name: 'Region', type: 'quantity' }),
      422,
      'type',
    );
  });

  it('answers junk on the admin form next to the field', async () => {
    const made = await api('POST', `/packages/${dedicated}/variant-groups`, { name: 'Disk' });
    const group = (made.json.data.variantGroups as { id: number; name: string }[]).find((g) => g.name === 'Disk')!;
    const res = await staff.post(
      `/admin/packages/${dedicated}/variants/${group.id}`,
      { name: 'Disk', type: 'quantity', display: 'radio', minQuantity: '9', maxQuantity: '3', pattern: '', upgradable: '0' },
      { htmx: true },
    );
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toMatch(new RegExp(`id="g${group.id}-maxQuantity-error"[^>]*>Use a maximum at least the minimum.`));
    expect(html).toContain('value="Disk"');
  });
});

describe('a package’s own option prices in the admin', () => {
  it('saves them from the options tab, leaves the group’s prices alone, and answers junk under its row', async () => {
    const made = await api('POST', `/packages/${vps}/variant-groups`, { name: 'Panel' });
    const panel = (made.json.data.variantGroups as { id: number; name: string }[]).find((g) => g.name === 'Panel')!;
    const opt = await api('POST', `/packages/${vps}/variant-groups/${panel.id}/options`, {
      name: 'cPanel',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '12' }],
    });
    const cpanel = (opt.json.data.variantGroups as { id: number; options: { id: number }[] }[]).find((g) => g.id === panel.id)!.options[0]!
      .id;
    await api('PUT', `/packages/${dedicated}/option-groups`, { groupIds: [panel.id] });
    const tab = await textOf(await staff.get(`/admin/packages/${dedicated}/variants`));
    expect(tab).toContain('cPanel: give this package its own prices');
    const form = { 'pn[]': ['Monthly', 'Annual'], 'pc[]': ['USD', 'USD'], 'pp[]': ['9.50', ''], 'ps[]': ['', ''] };
    const saved = await staff.post(`/admin/packages/${dedicated}/variants/${panel.id}/options/${cpanel}/own-prices`, form, { htmx: true });
    expect(saved.status).toBe(200);
    expect(await textOf(saved)).toContain('cPanel: this package’s own prices (1)');
    const q = async (pkg: number) =>
      (await api('POST', '/quotes', { packageId: pkg, priceName: 'Monthly', optionIds: [cpanel] })).json.data?.total;
    expect(await q(dedicated)).toBe('59.5000');
    expect(await q(vps)).toBe('32.0000');
    // The group's own editor still shows (and saves) the group's 12.00, not this package's 9.50.
    expect(tab).toContain('value="12.00"');
    const before = await snapshot(t);
    const bad = await staff.post(
      `/admin/packages/${dedicated}/variants/${panel.id}/options/${cpanel}/own-prices`,
      { ...form, 'pp[]': ['9.50', 'lots'] },
      { htmx: true },
    );
    expect(bad.status).toBe(422);
    expect(await textOf(bad)).toMatch(/id="own\d+-pp-1"[^>]*aria-invalid="true"/);
    expect(await snapshot(t)).toBe(before);
  });
});
