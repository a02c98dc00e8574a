import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { createAddonGroup } from '../../../src/modules/catalog/create-addon-group.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { setOfferedAddonGroups } from '../../../src/modules/catalog/set-offered-addon-groups.ts';
import { makePackage, seedBasics, snapshot, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let support: Client;
let vps: number;
let legacy: number;
let backup: number;
let clientId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const monthly = (price: string) => ({ name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price });

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  vps = await makePackage(t, catalogId, 'VPS Small', { stock: 1 });
  legacy = await makePackage(t, catalogId, 'Old Plan', { status: 'inactive' });
  backup = await makePackage(t, catalogId, 'Daily Backup');
  for (const [id, price] of [
    [vps, '20.00'],
    [legacy, '7.00'],
    [backup, '4.00'],
  ] as const)
    await savePrice(t.em(), id, undefined, monthly(price));
  const group = await createAddonGroup(t.em(), { name: 'Backups', packageIds: [backup] });
  await setOfferedAddonGroups(t.em(), vps, { groupIds: [group.id] });
  const [c] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency) values ('add@example.com', 'Ada Added', 'US', 'USD') returning id`,
  );
  clientId = c!.id;
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
});
afterAll(() => t.close());

const base = () => `/admin/clients/${clientId}/services`;

describe('staff add a service from the client page', () => {
  it('links from the client page and lists every package, inactive ones marked', async () => {
    expect(await textOf(await owner.get(`/admin/clients/${clientId}`))).toContain(`href="${base()}/new"`);
    const page = await textOf(await owner.get(`${base()}/new`));
    expect(page).toContain('Old Plan (inactive)');
    const chosen = await textOf(await owner.get(`${base()}/new?packageId=${legacy}`));
    expect(chosen).toContain('This package is inactive');
    expect(chosen).toContain('Custom price (USD, per unit)');
    expect((await owner.get(`${base()}/new?packageId=999999`)).status).toBe(422);
  });

  it('prices the choice live with the custom price, and invoices it', async () => {
    const quote = await owner.post(
      `${base()}/quote`,
      { packageId: String(vps), priceName: 'Monthly', customPrice: '15', start: 'invoice' },
      { htmx: true },
    );
    expect(quote.status).toBe(200);
    const fragment = await textOf(quote);
    expect(fragment).toContain('VPS Small (Monthly, custom price)');
    expect(fragment).toContain('15.00 USD');
    const res = await owner.post(base(), { packageId: String(vps), priceName: 'Monthly', customPrice: '15', start: 'invoice' });
    expect(res.status, await textOf(res.clone())).toBe(303);
    const [inv] = await sql<{ id: number; total: string }>('select id, total from invoice where client_id = ? order by id desc limit 1', [
      clientId,
    ]);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${inv!.id}`);
    expect(inv!.total).toBe('15.0000');
  });

  it('refuses the sold-out package by its field, then adds it with the override and an add-on, activated without an invoice', async () => {
    const form = { packageId: String(vps), priceName: 'Monthly', start: 'activate', nextDueDate: inDays(10) };
    const refused = await owner.post(base(), form);
    expect(refused.status).toBe(422);
    expect(await textOf(refused)).toMatch(/left|sold out/i);
    const added = await owner.post(base(), {
      ...form,
      overrideLimits: ['0', '1'],
      'addons[]': [String(backup)],
      [`addon-price-${backup}`]: 'Monthly',
    });
    expect(added.status, await textOf(added.clone())).toBe(303);
    const [s] = await sql<{ id: number; status: string; next_due_date: string }>(
      'select id, status, next_due_date::text from service where client_id = ? and package_id = ? order by id desc limit 1',
      [clientId, vps],
    );
    expect(added.headers.get('location')).toBe(`/admin/services/${s!.id}`);
    expect(s).toMatchObject({ status: 'pending', next_due_date: inDays(10) });
  });

  it('answers junk with a message next to each field and stores nothing', async () => {
    const before = await snapshot(t);
    const bad = await owner.post(base(), {
      packageId: String(legacy),
      priceName: 'Monthly',
      customPrice: 'ten',
      start: 'activate',
      nextDueDate: '2020-13-45',
    });
    expect(bad.status).toBe(422);
    const html = await textOf(bad);
    expect(html).toMatch(/id="f-customPrice-error"[^>]*>Enter a number/);
    expect(html).toContain('id="f-nextDueDate-error"');
    expect(html).toContain('value="ten"');
    const noDate = await owner.post(base(), { packageId: String(legacy), priceName: 'Monthly', start: 'existing' });
    expect(await textOf(noDate)).toContain('Choose the date of the first renewal.');
    // A custom price finer than a cent would bill nothing (0.001 USD rounds to a free invoice): refused by its field, both ways to start.
    for (const start of ['invoice', 'activate']) {
      const tiny = await owner.post(base(), {
        packageId: String(legacy),
        priceName: 'Monthly',
        customPrice: '0.001',
        start,
        nextDueDate: inDays(10),
      });
      expect(tiny.status, start).toBe(422);
      expect(await textOf(tiny)).toMatch(/id="f-customPrice-error"[^>]*>Use at most 2 decimals for USD\./);
    }
    // A way to start it that the form does not offer is refused by that field, not read as "invoice".
    const bogus = await owner.post(base(), { packageId: String(legacy), priceName: 'Monthly', start: 'bogus' });
    expect(bogus.status).toBe(422);
    expect(await textOf(bogus)).toMatch(/id="f-start-error"[^>]*>Choose how the service starts/);
    expect((await owner.post(base(), { packageId: 'abc', priceName: 'Monthly' })).status).toBe(422);
    expect((await owner.post(base(), { packageId: String(legacy), priceName: 'Weekly' })).status).toBe(422);
    expect((await owner.post(`/admin/clients/999999/services`, { packageId: String(legacy), priceName: 'Monthly' })).status).toBe(404);
    expect((await support.post(base(), { packageId: String(legacy), priceName: 'Monthly' })).status).toBe(403);
    expect(await snapshot(t)).toBe(before);
  });
});
