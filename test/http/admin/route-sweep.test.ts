import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ORIGIN, makeTestApp, staffClient, apiToken, type TestApp } from '../../helpers/app.ts';
import { snapshot } from '../fixtures.ts';
import { sweepFixtures, writeRoutesOf } from './write-routes.ts';

// Every write route the app registers, found from the router itself, so a new route cannot
// slip past the access rules: signed out, support, cross-site and token-less writes change nothing.

let t: TestApp;
let support: Client;
let owner: Client;
let supportToken: string;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await makeTestApp();
  ids = await sweepFixtures(t);
  support = await staffClient(t, 'support');
  owner = await staffClient(t, 'owner');
  supportToken = await apiToken(t, 'support');
});
afterAll(() => t.close());

const writeRoutes = (prefix: string) => writeRoutesOf(t, prefix, ids);

describe('every admin write route', () => {
  it('is found by the sweep', () => {
    expect(writeRoutes('/admin').length).toBeGreaterThan(30);
  });

  it('refuses signed-out, support, cross-site and token-less posts, and changes nothing', async () => {
    const before = await snapshot(t);
    for (const r of writeRoutes('/admin')) {
      const label = `${r.method} ${r.path}`;
      // The steps of signing in are for people not signed in yet; a cross-site post is still refused.
      if (['/admin/sign-in', '/admin/sign-out', '/admin/sign-in/code', '/admin/invite'].includes(r.path)) {
        const crossSite = await new Client(t).request(r.path, {
          method: 'POST',
          form: { name: 'x' },
          headers: { origin: 'https://evil.example' },
        });
        expect(crossSite.status, `${label} cross-site`).toBe(403);
        continue;
      }
      const anonymous = await new Client(t).post(r.path, { name: 'x' });
      expect([401, 403], `${label} signed out`).toContain(anonymous.status);
      // Support may change their own sign-in and tokens, nothing else.
      if (!r.path.startsWith('/admin/account/')) {
        const asSupport = await support.post(r.path, { name: 'x' });
        expect(asSupport.status, `${label} as support`).toBe(403);
      }
      const crossSite = await owner.request(r.path, { method: 'POST', form: { name: 'x' }, headers: { origin: 'https://evil.example' } });
      expect(crossSite.status, `${label} cross-site`).toBe(403);
      const noToken = await owner.request(r.path, { method: 'POST', form: { name: 'x', _csrf: 'wrong' } });
      expect(noToken.status, `${label} with a wrong CSRF token`).toBe(403);
    }
    expect(await snapshot(t)).toBe(before);
  });
});

describe('every API write route', () => {
  it('refuses no token and a support token, and changes nothing', async () => {
    const before = await snapshot(t);
    const routes = writeRoutes('/api/v1');
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      const init = { method: r.method, headers: { 'content-type': 'application/json', origin: ORIGIN }, body: '{"name":"x"}' };
      const anonymous = await t.app.request(`${ORIGIN}${r.path}`, init);
      expect(anonymous.status, `${r.method} ${r.path} without a token`).toBe(401);
      expect((await anonymous.json()).error.message).toMatch(/token/);
      const asSupport = await t.app.request(`${ORIGIN}${r.path}`, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${supportToken}` },
      });
      expect(asSupport.status, `${r.method} ${r.path} as support`).toBe(403);
    }
    expect(await snapshot(t)).toBe(before);
  });
});

describe('reloading the address a refused form posted to', () => {
  it('goes back to the page of that form, not a 404', async () => {
    const [c] = await t.orm.em
      .getConnection()
      .execute<{ id: number }[]>(`insert into client (email, name, currency) values ('reload@example.com', 'Reload', 'USD') returning id`);
    const [i] = await t.orm.em
      .getConnection()
      .execute<{ id: number }[]>(
        `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'paid', 'USD', 5, 0, 5, current_date) returning id`,
        [c!.id],
      );
    for (const [path, to] of [
      [`/admin/clients/${c!.id}/services`, `/admin/clients/${c!.id}/services/new`],
      [`/admin/clients/${c!.id}/credit`, `/admin/clients/${c!.id}`],
      [`/admin/clients/${c!.id}/allowed-packages`, `/admin/clients/${c!.id}`],
      [`/admin/invoices/${i!.id}/refunds`, `/admin/invoices/${i!.id}`],
      ['/admin/account/tokens', '/admin/account'],
      ['/admin/account/recovery-codes', '/admin/account'],
    ]) {
      const res = await owner.get(path!);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(to);
      expect((await owner.get(to!)).status, to).toBe(200);
    }
    // A junk id is still a 404, never a redirect built from it.
    expect((await owner.get('/admin/clients/x1/services')).status).toBe(404);
  });
});
