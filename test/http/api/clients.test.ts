import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { makePackage, seedBasics } from '../fixtures.ts';
import { clientCount, linkIn, mailsTo, sql, uniqueEmail } from '../client/helpers.ts';

let t: TestApp;
let owner: string;
let support: string;
let restricted: number;
let visible: number;
beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  owner = await apiToken(t, 'owner');
  support = await apiToken(t, 'support');
  restricted = await makePackage(t, catalogId, 'Private cloud', { status: 'restricted' });
  visible = await makePackage(t, catalogId, 'Shared hosting');
});
afterAll(() => t.close());

type Json = { data?: any; meta?: any; error?: { status: number; message: string; fields?: Record<string, string> } };

async function api(method: string, path: string, body?: unknown, token: string | null = owner) {
  const headers: Record<string, string> = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  const res = await t.app.request(`http://localhost/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (text) expect(res.headers.get('content-type') ?? '').toContain('application/json');
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
}

function expectError(r: Awaited<ReturnType<typeof api>>, status: number, field?: string, message?: string) {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  expect(r.json.error?.status).toBe(status);
  if (field) expect(r.json.error?.fields?.[field], JSON.stringify(r.json)).toBe(message ?? r.json.error?.fields?.[field]);
  if (field) expect(r.json.error?.fields?.[field]).toBeTruthy();
}

const body = (over: Record<string, unknown> = {}) => ({
  name: 'Grace Hopper',
  email: uniqueEmail('api'),
  country: 'US',
  currency: 'USD',
  language: 'en',
  ...over,
});

describe('/api/v1/clients', () => {
  it('needs a token', async () => {
    expectError(await api('GET', '/clients', undefined, null), 401);
    expectError(await api('POST', '/clients', body(), null), 401);
  });

  it('creates a client without a password and sends the set-password email', async () => {
    const input = body({ currency: undefined, language: undefined });
    const created = await api('POST', '/clients', input);
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      name: 'Grace Hopper',
      email: input.email,
      country: 'US',
      currency: 'USD',
      language: 'en',
      creditBalance: '0.0000',
      hasPassword: false,
      allowedPackageIds: [],
    });
    expect(created.json.data.passwordHash).toBeUndefined();
    const [mail] = await mailsTo(t, input.email);
    expect(mail!.subject).toBe('Set your password');
    expect(linkIn(mail!.html)).toMatch(/^http:\/\/localhost:3000\/account\/reset-password\?token=/);
    const got = await api('GET', `/clients/${created.json.data.id}`);
    expect(got.json.data).toEqual(created.json.data);
  });

  it('lists with search and pages', async () => {
    const tag = `hop${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) expect((await api('POST', '/clients', body({ name: `Hopper ${tag} ${i}` }))).status).toBe(201);
    const list = await api('GET', `/clients?q=${tag}&perPage=2&page=2`);
    expect(list.status).toBe(200);
    expect(list.json.meta).toEqual({ total: 3, page: 2, perPage: 2, pages: 2 });
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0].name).toContain(tag);
    expect(list.json.data[0].passwordHash).toBeUndefined();
    expectError(await api('GET', '/clients?page=0'), 422, 'page');
    expectError(await api('GET', '/clients?perPage=5000'), 422, 'perPage');
  });

  it('changes profile fields with PATCH and keeps the others', async () => {
    const { json } = await api('POST', '/clients', body());
    const id = json.data.id as number;
    const patched = await api('PATCH', `/clients/${id}`, { name: 'Rear Admiral Hopper', currency: 'EUR' });
    expect(patched.status).toBe(200);
    expect(patched.json.data).toMatchObject({ name: 'Rear Admiral Hopper', currency: 'EUR', country: 'US', email: json.data.email });
  });

  it('answers junk with a JSON 422 naming the field, and changes nothing', async () => {
    const { json } = await api('POST', '/clients', body());
    const id = json.data.id as number;
    const other = (await api('POST', '/clients', body())).json.data.email as string;
    const before = await clientCount(t);
    const snapshot = async () => sql(t, 'select * from client where id = ?', [id]);
    const row = await snapshot();
    expectError(await api('POST', '/clients', body({ email: other })), 422, 'email', 'A client with that email already exists.');
    expectError(await api('POST', '/clients', body({ email: 'nope' })), 422, 'email');
    expectError(await api('POST', '/clients', body({ name: 42 })), 422, 'name');
    expectError(await api('POST', '/clients', body({ name: 'a\u0000b' })), 422, 'name');
    expectError(await api('POST', '/clients', body({ country: 'XX' })), 422, 'country');
    expectError(await api('POST', '/clients', body({ currency: 'GBP' })), 422, 'currency');
    expectError(await api('POST', '/clients', body({ name: 'x'.repeat(10_000) })), 422, 'name');
    expectError(await api('POST', '/clients', '{not json'), 422, 'body');
    expectError(await api('POST', '/clients', '[1,2]'), 422, 'body');
    expect(await clientCount(t)).toBe(before);
    expectError(
      await api('PATCH', `/clients/${id}`, { email: other.toUpperCase() }),
      422,
      'email',
      'Another account already uses that email.',
    );
    expectError(await api('PATCH', `/clients/${id}`, { language: 'xx' }), 422, 'language');
    expectError(await api('PATCH', `/clients/${id}`, { country: null }), 422, 'country');
    expect(await snapshot()).toEqual(row);
    expectError(await api('GET', '/clients/999999'), 404);
    expectError(await api('GET', '/clients/abc'), 404);
    expectError(await api('PATCH', '/clients/999999', { name: 'x' }), 404);
  });

  it('replaces the allow-list with PUT', async () => {
    const id = (await api('POST', '/clients', body())).json.data.id as number;
    const put = await api('PUT', `/clients/${id}/allowed-packages`, { packageIds: [restricted, restricted] });
    expect(put.status).toBe(200);
    expect(put.json.data.allowedPackageIds).toEqual([restricted]);
    expectError(await api('PUT', `/clients/${id}/allowed-packages`, { packageIds: [visible] }), 422, 'packageIds');
    expectError(await api('PUT', `/clients/${id}/allowed-packages`, { packageIds: [424242] }), 422, 'packageIds');
    expectError(await api('PUT', `/clients/${id}/allowed-packages`, { packageIds: ['x'] }), 422);
    expectError(await api('PUT', `/clients/${id}/allowed-packages`, {}), 422, 'packageIds');
    expectError(await api('PUT', '/clients/999999/allowed-packages', { packageIds: [] }), 404);
    expect((await api('GET', `/clients/${id}`)).json.data.allowedPackageIds).toEqual([restricted]);
    expect((await api('PUT', `/clients/${id}/allowed-packages`, { packageIds: [] })).json.data.allowedPackageIds).toEqual([]);
  });

  it('lets a support token read but not write', async () => {
    const id = (await api('POST', '/clients', body())).json.data.id as number;
    expect((await api('GET', '/clients', undefined, support)).status).toBe(200);
    expect((await api('GET', `/clients/${id}`, undefined, support)).status).toBe(200);
    const before = await clientCount(t);
    expectError(await api('POST', '/clients', body(), support), 403);
    expectError(await api('PATCH', `/clients/${id}`, { name: 'Nope' }, support), 403);
    expectError(await api('PUT', `/clients/${id}/allowed-packages`, { packageIds: [restricted] }, support), 403);
    expect(await clientCount(t)).toBe(before);
    expect((await api('GET', `/clients/${id}`)).json.data).toMatchObject({ name: 'Grace Hopper', allowedPackageIds: [] });
  });
});
