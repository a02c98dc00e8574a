// A checklist refused for one id (one removed meanwhile, say) comes back with the ticks as sent,
// not as stored: nothing else the staff member ticked or unticked is lost. Scaling targets, the
// option groups a package uses, the add-on groups it offers, and a client's allowed packages;
// with and without htmx where the form has both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { createAddonGroup } from '../../../src/modules/catalog/create-addon-group.ts';
import { saveVariantGroup } from '../../../src/modules/catalog/save-variant-group.ts';
import { makePackage, seedBasics, snapshot, textOf } from '../fixtures.ts';
import { clientIdOf } from '../client/helpers.ts';

let t: TestApp;
let owner: Client;
let catalogId: number;
const GONE = '99999999';

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  owner = await staffClient(t, 'owner');
});
afterAll(() => t.close());

const newPackage = (extra: Record<string, unknown> = {}) => makePackage(t, catalogId, `P ${Math.random().toString(36).slice(2, 8)}`, extra);
const ticked = (html: string, id: string) => new RegExp(`<input[^>]*id="${id}"[^>]*\\schecked`).test(html);

describe('a refused checklist keeps what was sent', () => {
  it('scaling targets', async () => {
    const [id, a, b] = [await newPackage(), await newPackage(), await newPackage()];
    expect((await owner.post(`/admin/packages/${id}/scaling`, { 'targetIds[]': ['', String(a)] })).status).toBe(303);
    const before = await snapshot(t);
    // a unticked, b ticked, and one that no longer exists.
    const res = await owner.post(`/admin/packages/${id}/scaling`, { 'targetIds[]': ['', String(b), GONE] });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain('Choose packages that exist.');
    expect([ticked(html, `scale-${a}`), ticked(html, `scale-${b}`)]).toEqual([false, true]);
    expect(await snapshot(t)).toBe(before);
  });

  it('the option groups a package uses (htmx)', async () => {
    const id = await newPackage();
    const other = await newPackage();
    const os = await saveVariantGroup(t.em(), id, undefined, { name: 'OS' });
    const disk = await saveVariantGroup(t.em(), other, undefined, { name: 'Disk' });
    const res = await owner.post(`/admin/packages/${id}/variants/attach`, { 'groupIds[]': ['', String(disk.id), GONE] }, { htmx: true });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect([ticked(html, `attach-${os.id}`), ticked(html, `attach-${disk.id}`)]).toEqual([false, true]);
  });

  it('the add-on groups a package offers', async () => {
    const id = await newPackage();
    const [backups, licences] = [
      await createAddonGroup(t.em(), { name: 'Backups', packageIds: [await newPackage()] }),
      await createAddonGroup(t.em(), { name: 'Licences', packageIds: [await newPackage()] }),
    ];
    expect((await owner.post(`/admin/packages/${id}/addons`, { 'groupIds[]': ['', String(backups.id)] })).status).toBe(303);
    const res = await owner.post(`/admin/packages/${id}/addons`, { 'groupIds[]': ['', String(licences.id), GONE] });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect([ticked(html, `offer-${backups.id}`), ticked(html, `offer-${licences.id}`)]).toEqual([false, true]);
  });

  it("a client's allowed packages, with and without htmx", async () => {
    const [a, b] = [await newPackage({ status: 'restricted' }), await newPackage({ status: 'restricted' })];
    const email = `allow-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await owner.post('/admin/clients', { name: 'Ada', email, country: 'DE', currency: 'USD', language: 'en' });
    const client = await clientIdOf(t, email);
    const action = `/admin/clients/${client}/allowed-packages`;
    expect((await owner.post(action, { 'packageIds[]': ['', String(a)] })).status).toBe(303);
    for (const htmx of [false, true]) {
      const res = await owner.post(action, { 'packageIds[]': ['', String(b), GONE] }, { htmx });
      expect(res.status).toBe(422);
      const html = await textOf(res);
      expect([ticked(html, `allow-${a}`), ticked(html, `allow-${b}`)], `htmx: ${htmx}`).toEqual([false, true]);
    }
  });
});
