import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { makePackage, seedBasics, snapshot } from '../fixtures.ts';
import { apiCaller, expectApiError } from './helpers.ts';

let t: TestApp;
let owner: string;
let support: string;
let vps: number;
let backup: number;
let ip: number;
const api = apiCaller(
  () => t,
  () => owner,
);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  vps = await makePackage(t, catalogId, 'VPS');
  backup = await makePackage(t, catalogId, 'Backup');
  ip = await makePackage(t, catalogId, 'Extra IP');
  owner = await apiToken(t, 'owner');
  support = await apiToken(t, 'support');
});
afterAll(() => t.close());

describe('/api/v1/addon-groups', () => {
  let groupId: number;

  it('creates, reads, lists and patches a group', async () => {
    const created = await api('POST', '/addon-groups', { name: 'Backups', names: { de: 'Sicherungen' }, packageIds: [backup] });
    expect(created.status).toBe(201);
    groupId = created.json.data.id;
    expect(created.json.data).toMatchObject({
      name: 'Backups',
      names: { de: 'Sicherungen' },
      packages: [{ id: backup, name: 'Backup', status: 'visible' }],
      offeredBy: [],
    });
    expect((await api('GET', `/addon-groups/${groupId}`)).json.data.name).toBe('Backups');
    // A PATCH changes only what it names.
    const patched = await api('PATCH', `/addon-groups/${groupId}`, { packageIds: [backup, ip] });
    expect(patched.json.data).toMatchObject({ name: 'Backups', names: { de: 'Sicherungen' } });
    expect(patched.json.data.packages.map((p: { id: number }) => p.id)).toEqual([backup, ip]);
    const list = await api('GET', '/addon-groups');
    expect(list.json.data.map((g: { id: number }) => g.id)).toEqual([groupId]);
  });

  it('offers a group with a package and shows it on the package', async () => {
    const res = await api('PUT', `/packages/${vps}/addon-groups`, { groupIds: [groupId] });
    expect(res.status).toBe(200);
    expect(res.json.data.addonGroups).toEqual([{ id: groupId, name: 'Backups' }]);
    expect((await api('GET', `/addon-groups/${groupId}`)).json.data.offeredBy).toEqual([{ id: vps, name: 'VPS' }]);
  });

  it('answers junk with a 4xx naming the field and changes nothing', async () => {
    const before = await snapshot(t);
    expectApiError(await api('POST', '/addon-groups', { name: '' }), 422, 'name');
    expectApiError(await api('POST', '/addon-groups', { name: 'X', names: 'de' }), 422, 'names');
    expectApiError(await api('POST', '/addon-groups', { name: 'X', names: { de: 42 } }), 422, 'names.de');
    expectApiError(await api('POST', '/addon-groups', { name: 'X', names: { 'not a code': 'y' } }), 422);
    expectApiError(await api('POST', '/addon-groups', { name: 'X', names: { fr: 'Sauvegardes' } }), 422, 'names.fr');
    expectApiError(await api('POST', '/addon-groups', { name: 'X', packageIds: 'all' }), 422, 'packageIds.0');
    expectApiError(await api('POST', '/addon-groups', { name: 'X', packageIds: [999999] }), 422, 'packageIds');
    expectApiError(await api('POST', '/addon-groups', { name: 'X', packageIds: [-1, 1.5] }), 422, 'packageIds.0');
    expectApiError(await api('POST', '/addon-groups', '{"name":'), 422, 'body');
    expectApiError(await api('POST', '/addon-groups', [1, 2]), 422, 'body');
    expectApiError(await api('PATCH', `/addon-groups/${groupId}`, { packageIds: [vps] }), 422, 'packageIds');
    expectApiError(await api('PUT', `/packages/${backup}/addon-groups`, { groupIds: [groupId] }), 422, 'groupIds');
    expectApiError(await api('PUT', `/packages/${vps}/addon-groups`, { groupIds: ['x'] }), 422, 'groupIds.0');
    expectApiError(await api('PUT', `/packages/999999/addon-groups`, { groupIds: [] }), 404);
    expectApiError(await api('POST', `/addon-groups/${groupId}/move`, { direction: 'sideways' }), 422, 'direction');
    expectApiError(await api('GET', '/addon-groups/abc'), 404);
    expectApiError(await api('PATCH', '/addon-groups/999999', { name: 'Y' }), 404);
    expectApiError(await api('DELETE', '/addon-groups/999999'), 404);
    expectApiError(await api('POST', '/addon-groups', { name: 'Nope' }, { token: support }), 403);
    expectApiError(await api('POST', '/addon-groups', { name: 'Nope' }, { token: null }), 401);
    expect(await snapshot(t)).toBe(before);
  });

  it('moves and deletes groups', async () => {
    const second = (await api('POST', '/addon-groups', { name: 'Licences' })).json.data.id as number;
    const moved = await api('POST', `/addon-groups/${second}/move`, { direction: 'up' });
    expect(moved.json.data.map((g: { id: number }) => g.id)).toEqual([second, groupId]);
    expect((await api('DELETE', `/addon-groups/${groupId}`)).status).toBe(204);
    expect((await api('GET', `/packages/${vps}`)).json.data.addonGroups).toEqual([]);
    expect((await api('GET', '/addon-groups')).json.data.map((g: { id: number }) => g.id)).toEqual([second]);
  });
});
