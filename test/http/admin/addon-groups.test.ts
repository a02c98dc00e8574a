import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { listAddonGroups } from '../../../src/modules/catalog/list-addon-groups.ts';
import { makePackage, pkgDetail, seedBasics, snapshot, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let support: Client;
let vps: number;
let web: number;
let backup: number;
let ip: number;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  vps = await makePackage(t, catalogId, 'VPS Small');
  web = await makePackage(t, catalogId, 'Web Hosting');
  backup = await makePackage(t, catalogId, 'Daily Backup');
  ip = await makePackage(t, catalogId, 'Extra IPv4', { status: 'hidden' });
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
});
afterAll(() => t.close());

const groupNamed = async (name: string) => (await listAddonGroups(t.em())).find((g) => g.name === name);

describe('add-on groups in the admin', () => {
  it('creates a group with a German name and its packages, and lists it', async () => {
    const res = await owner.post('/admin/addon-groups', {
      name: 'Backups',
      'names[de]': 'Sicherungen',
      'packageIds[]': ['', String(backup)],
    });
    expect(res.status).toBe(303);
    const group = await groupNamed('Backups');
    expect(group).toMatchObject({ names: { de: 'Sicherungen' }, packages: [{ id: backup, name: 'Daily Backup' }], offeredBy: [] });
    expect(res.headers.get('location')).toBe(`/admin/addon-groups?created=${group!.id}`);
    const list = await textOf(await owner.get(res.headers.get('location')!));
    expect(list).toContain('Add-on group "Backups" created.');
    expect(list).toContain('Daily Backup');
    expect(list).toContain('not offered yet');
    // The German field is on the form, next to the default name.
    expect(list).toContain('Name (Deutsch)');
  });

  it('answers junk with a message next to each field and stores nothing', async () => {
    const before = await snapshot(t);
    const res = await owner.post('/admin/addon-groups', { name: '   ', 'names[de]': 'x'.repeat(121), 'packageIds[]': ['abc'] });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain('Enter a name.');
    expect(html).toContain('Use at most 120 characters.');
    expect(html).toContain('Enter an id.');
    // What was typed is shown again.
    expect(html).toContain('value="' + 'x'.repeat(121) + '"');
    const unknown = await owner.post('/admin/addon-groups', { name: 'Ghosts', 'packageIds[]': ['999999'] });
    expect(unknown.status).toBe(422);
    expect(await textOf(unknown)).toContain('Choose packages that exist.');
    const language = await owner.post('/admin/addon-groups', { name: 'Klingon', 'names[tlh]': 'Hegh' });
    expect(language.status).toBe(422);
    expect(await textOf(language)).toContain("tlh is not one of the store's languages");
    const defaultLanguage = await owner.post('/admin/addon-groups', { name: 'English twice', 'names[en]': 'Again' });
    expect(defaultLanguage.status).toBe(422);
    expect(await textOf(defaultLanguage)).toContain("The default language uses the group's own name.");
    expect(await snapshot(t)).toBe(before);
  });

  it('edits a group: renames it, changes its packages, clears a translation', async () => {
    const group = (await groupNamed('Backups'))!;
    const page = await textOf(await owner.get(`/admin/addon-groups/${group.id}`));
    expect(page).toContain('value="Sicherungen"');
    expect(page).toMatch(new RegExp(`id="member-${backup}"[^>]*checked`));
    const res = await owner.post(`/admin/addon-groups/${group.id}`, {
      name: 'Backups & snapshots',
      'names[de]': '',
      'packageIds[]': ['', String(backup), String(ip)],
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/addon-groups/${group.id}?saved=1`);
    const after = (await listAddonGroups(t.em(), [group.id]))[0]!;
    expect(after).toMatchObject({ name: 'Backups & snapshots', names: {} });
    expect(after.packages.map((p) => p.id).sort()).toEqual([backup, ip].sort());
    // Unticking every package leaves the group empty (the hidden blank field says "none").
    await owner.post(`/admin/addon-groups/${group.id}`, { name: 'Backups & snapshots', 'packageIds[]': [''] });
    expect((await listAddonGroups(t.em(), [group.id]))[0]!.packages).toEqual([]);
    await owner.post(`/admin/addon-groups/${group.id}`, { name: 'Backups', 'packageIds[]': ['', String(backup)] });
  });

  it('keeps the stored group when an edit is refused', async () => {
    const group = (await groupNamed('Backups'))!;
    const before = await snapshot(t);
    const res = await owner.post(`/admin/addon-groups/${group.id}`, { name: '', 'packageIds[]': [String(ip)] });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain('Enter a name.');
    // The ticks as sent are kept on the form.
    expect(html).toMatch(new RegExp(`id="member-${ip}"[^>]*checked`));
    expect(html).not.toMatch(new RegExp(`id="member-${backup}"[^>]*checked`));
    expect(await snapshot(t)).toBe(before);
    expect((await owner.get('/admin/addon-groups/999999')).status).toBe(404);
    expect((await owner.post('/admin/addon-groups/abc', { name: 'x' })).status).toBe(404);
  });

  it("offers groups on a package's Add-ons tab, and shows where each group is offered", async () => {
    const group = (await groupNamed('Backups'))!;
    const tab = await textOf(await owner.get(`/admin/packages/${vps}/addons`));
    expect(tab).toContain('Add-on groups offered');
    expect(tab).toContain('Daily Backup');
    const res = await owner.post(`/admin/packages/${vps}/addons`, { 'groupIds[]': ['', String(group.id)] });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/packages/${vps}/addons?saved=1`);
    expect((await pkgDetail(t, vps)).addonGroups).toEqual([{ id: group.id, name: 'Backups' }]);
    const saved = await textOf(await owner.get(`/admin/packages/${vps}/addons?saved=1`));
    expect(saved).toContain('Add-on groups saved.');
    expect(saved).toMatch(new RegExp(`id="offer-${group.id}"[^>]*checked`));
    const list = await textOf(await owner.get('/admin/addon-groups'));
    expect(list).toContain(`href="/admin/packages/${vps}/addons">VPS Small</a>`);
  });

  it('refuses to make a package an add-on of itself, from either side', async () => {
    const group = (await groupNamed('Backups'))!;
    const before = await snapshot(t);
    const offerOwn = await owner.post(`/admin/packages/${backup}/addons`, { 'groupIds[]': [String(group.id)] });
    expect(offerOwn.status).toBe(422);
    expect(await textOf(offerOwn)).toContain('"Backups" holds this package itself');
    const joinOffering = await owner.post(`/admin/addon-groups/${group.id}`, {
      name: 'Backups',
      'packageIds[]': [String(backup), String(vps)],
    });
    expect(joinOffering.status).toBe(422);
    expect(await textOf(joinOffering)).toContain('VPS Small offers this group, so it cannot be one of its add-ons.');
    const junk = await owner.post(`/admin/packages/${vps}/addons`, { 'groupIds[]': ['999999'] });
    expect(junk.status).toBe(422);
    expect(await textOf(junk)).toContain('Choose add-on groups that exist.');
    expect(await snapshot(t)).toBe(before);
  });

  it('reorders groups with htmx and deletes one without touching its packages', async () => {
    await owner.post('/admin/addon-groups', { name: 'Licences', 'packageIds[]': [String(ip)] });
    const [first, second] = await listAddonGroups(t.em());
    const moved = await owner.post(`/admin/addon-groups/${second!.id}/move`, { direction: 'up' }, { htmx: true });
    expect(moved.status).toBe(200);
    const fragment = await moved.text();
    expect(fragment).toContain('id="addon-group-list"');
    expect(fragment).not.toContain('<html');
    expect((await listAddonGroups(t.em())).map((g) => g.id).slice(0, 2)).toEqual([second!.id, first!.id]);
    const licences = (await groupNamed('Licences'))!;
    await owner.post(`/admin/packages/${web}/addons`, { 'groupIds[]': [String(licences.id)] });
    const deleted = await owner.post(`/admin/addon-groups/${licences.id}/delete`);
    expect(deleted.status).toBe(303);
    expect(await groupNamed('Licences')).toBeUndefined();
    expect((await pkgDetail(t, web)).addonGroups).toEqual([]);
    expect((await pkgDetail(t, ip)).name).toBe('Extra IPv4');
  });

  it('copies the offered groups when a package is duplicated', async () => {
    const res = await owner.post(`/admin/packages/${vps}/duplicate`);
    expect(res.status).toBe(303);
    const copyId = Number(/\/admin\/packages\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);
    expect((await pkgDetail(t, copyId)).addonGroups).toEqual((await pkgDetail(t, vps)).addonGroups);
  });

  it('shows support staff the groups read-only and refuses their writes', async () => {
    const group = (await groupNamed('Backups'))!;
    const page = await textOf(await support.get(`/admin/addon-groups/${group.id}`));
    expect(page).toContain('Daily Backup');
    expect(page).not.toContain('Save group');
    const before = await snapshot(t);
    expect((await support.post('/admin/addon-groups', { name: 'Nope' })).status).toBe(403);
    expect((await support.post(`/admin/packages/${vps}/addons`, { 'groupIds[]': [''] })).status).toBe(403);
    expect(await snapshot(t)).toBe(before);
  });
});
