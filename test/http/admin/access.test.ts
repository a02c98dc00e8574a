import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { createStaff } from '../../../src/modules/staff/create-staff.ts';
import { savePluginInstance } from '../../../src/modules/plugins/save-plugin-instance.ts';
import { addMonthlyPrice, makePackage, seedBasics, snapshot, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let support: Client;
let catalogId: number;
let pkgId: number;
let otherId: number;
let priceId: number;
let instanceId: number;

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  pkgId = await makePackage(t, catalogId, 'Guarded VPS');
  otherId = await makePackage(t, catalogId, 'Other VPS');
  priceId = (await addMonthlyPrice(t, pkgId, '5')).id;
  instanceId = (
    await savePluginInstance(
      t.em(),
      undefined,
      { plugin: 'webhook', name: 'Hook', settings: { url: 'http://127.0.0.1:9/hook', signingSecret: 'secret-1' } },
      t.config.APP_SECRET,
    )
  ).id;
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
});
afterAll(() => t.close());

const gets = () => [
  '/admin/packages',
  '/admin/packages/new',
  `/admin/packages/${pkgId}`,
  `/admin/packages/${pkgId}/pricing`,
  `/admin/packages/${pkgId}/variants`,
  `/admin/packages/${pkgId}/provisioning`,
  `/admin/packages/${pkgId}/scaling`,
  `/admin/packages/${pkgId}/email`,
  `/admin/packages/${pkgId}/translations`,
  `/admin/packages/${pkgId}/delete`,
  '/admin/catalogs',
  '/admin/settings',
  '/admin/plugins',
  `/admin/plugins/${instanceId}`,
];

const posts = (): [string, Record<string, string | string[]>][] => [
  ['/admin/packages', { catalogId: String(catalogId), name: 'Sneaky package' }],
  [`/admin/packages/${pkgId}`, { catalogId: String(catalogId), name: 'Renamed', status: 'inactive' }],
  [
    `/admin/packages/${pkgId}/prices`,
    { name: 'Annual', type: 'recurring', intervalCount: '1', period: 'year', currency: 'USD', price: '50' },
  ],
  [`/admin/packages/${pkgId}/prices/${priceId}`, { name: 'Changed', type: 'onetime', currency: 'USD', price: '1' }],
  [`/admin/packages/${pkgId}/prices/${priceId}/toggle`, {}],
  [`/admin/packages/${pkgId}/prices/${priceId}/delete`, {}],
  [`/admin/packages/${pkgId}/variants`, { name: 'Operating system' }],
  [`/admin/packages/${pkgId}/provisioning`, { pluginInstanceId: String(instanceId), 'options[plan]': 'x' }],
  [`/admin/packages/${pkgId}/scaling`, { 'targetIds[]': ['', String(otherId)] }],
  [`/admin/packages/${pkgId}/email`, { language: 'en', subject: 'Hi', html: '', text: '' }],
  [`/admin/packages/${pkgId}/translations`, { language: 'de', name: 'Hallo' }],
  [`/admin/packages/${pkgId}/duplicate`, {}],
  [`/admin/packages/${pkgId}/deactivate`, {}],
  [`/admin/packages/${pkgId}/delete`, {}],
  ['/admin/catalogs', { name: 'Sneaky catalog' }],
  [`/admin/catalogs/${catalogId}/delete`, {}],
  ['/admin/settings/currencies', { code: 'GBP', name: 'Pound', rate: '0.8' }],
  ['/admin/settings/currencies/EUR/delete', {}],
  ['/admin/settings/languages', { code: 'fr', name: 'Français' }],
  ['/admin/settings/tax-rates', { country: 'DE', name: 'VAT', rate: '19' }],
  ['/admin/settings/billing', { invoiceDaysBefore: '1', suspendAfterDays: '1', terminateAfterDays: '2', reservationMinutes: '5' }],
  ['/admin/plugins', { plugin: 'webhook', name: 'Sneaky hook', 'settings[url]': 'https://example.com', 'settings[signingSecret]': 'x' }],
  [`/admin/plugins/${instanceId}`, { name: 'Renamed hook', 'settings[url]': 'https://example.com' }],
  [`/admin/plugins/${instanceId}/delete`, {}],
];

describe('signed out', () => {
  it('GET of every admin page redirects to sign-in, remembering where it was going', async () => {
    const anon = new Client(t);
    for (const path of gets()) {
      const res = await anon.get(path);
      expect([302, 303], path).toContain(res.status);
      expect(res.headers.get('location'), path).toBe(`/admin/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it('/admin/login, the address people guess, goes to the sign-in page', async () => {
    const res = await new Client(t).get('/admin/login');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/admin/sign-in');
  });

  it('POST is refused with 401 (htmx gets an HX-Redirect) and changes nothing', async () => {
    const anon = new Client(t);
    const before = await snapshot(t);
    for (const [path, form] of posts()) {
      const res = await anon.post(path, form);
      expect(res.status, path).toBe(401);
    }
    const hx = await anon.post('/admin/catalogs', { name: 'x' }, { htmx: true });
    expect(hx.status).toBe(401);
    expect(hx.headers.get('hx-redirect')).toContain('/admin/sign-in');
    expect(await snapshot(t)).toBe(before);
  });
});

describe('support staff', () => {
  it('can read every page', async () => {
    for (const path of gets()) expect((await support.get(path)).status, path).toBe(200);
  });

  it('gets 403 for every POST, and nothing changes', async () => {
    const before = await snapshot(t);
    for (const [path, form] of posts()) {
      const res = await support.post(path, form);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('can view but not change');
    }
    expect((await support.post(`/admin/plugins/${instanceId}/test`, {}, { htmx: true })).status).toBe(403);
    expect(await snapshot(t)).toBe(before);
  });
});

describe('cross-site requests and the CSRF token', () => {
  it('accepts a same-origin post with the token (the control case)', async () => {
    const res = await owner.post('/admin/catalogs', { name: 'Allowed catalog' });
    expect(res.status).toBe(303);
    const viaHeader = await owner.request('/admin/catalogs', {
      method: 'POST',
      body: 'name=Header+token+catalog',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': owner.csrf },
    });
    expect(viaHeader.status).toBe(303);
  });

  it('refuses a post from another origin, even with a valid token', async () => {
    const before = await snapshot(t);
    for (const [path, form] of posts()) {
      const res = await owner.request(path, { method: 'POST', form, headers: { origin: 'https://evil.example' } });
      expect(res.status, path).toBe(403);
    }
    expect(await snapshot(t)).toBe(before);
  });

  it("refuses a post with no token, a wrong token or another session's token", async () => {
    const before = await snapshot(t);
    const other = await staffClient(t, 'admin');
    for (const [path, form] of posts()) {
      const bare = await owner.request(path, {
        method: 'POST',
        body: new URLSearchParams(form as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(bare.status, path).toBe(403);
      expect(await bare.text()).toContain('This form has expired');
      expect((await owner.post(path, { ...form, _csrf: 'not-the-token' })).status, path).toBe(403);
      expect((await owner.post(path, { ...form, _csrf: other.csrf })).status, path).toBe(403);
    }
    const json = await owner.request('/admin/catalogs', {
      method: 'POST',
      body: '{"name":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(403);
    expect(await snapshot(t)).toBe(before);
  });
});

describe('sign-in and sessions', () => {
  const password = 'correct horse battery';
  let n = 0;
  const newStaff = async () => {
    const email = `person${++n}@example.com`;
    await createStaff(t.em(), { email, password, name: 'Person', role: 'admin' });
    return email;
  };

  it('answers a wrong password with 422 and the message, and sets no session', async () => {
    const email = await newStaff();
    const res = await new Client(t).post('/admin/sign-in', { email, password: 'wrong password here' });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('That email and password do not match an account.');
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/hb_session=[^;]+/);
    const unknown = await new Client(t).post('/admin/sign-in', { email: 'nobody@example.com', password });
    expect(unknown.status).toBe(422);
    expect(await textOf(unknown)).toContain('That email and password do not match an account.');
  });

  it('answers a NUL character in the email with 422, not a 500', async () => {
    const res = await new Client(t).post('/admin/sign-in', { email: 'a\u0000@example.com', password });
    expect(res.status).toBe(422);
  });

  it('locks the account after 5 failures, even for the right password', async () => {
    const email = await newStaff();
    for (let i = 0; i < 5; i++)
      expect((await new Client(t).post('/admin/sign-in', { email, password: `wrong-${i}-password` })).status).toBe(422);
    const res = await new Client(t).post('/admin/sign-in', { email: email.toUpperCase(), password });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('Too many failed sign-ins');
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/hb_session=[^;]+/);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie for the whole site', async () => {
    const email = await newStaff();
    const res = await new Client(t).post('/admin/sign-in', { email, password });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/hb_session=[^;]{20,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//i);
    const tls = await new Client(t).request('/admin/sign-in', {
      method: 'POST',
      form: { email, password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(tls.headers.get('set-cookie') ?? '').toMatch(/Secure/i);
  });

  it('only redirects to admin paths after sign-in', async () => {
    const email = await newStaff();
    const res = await new Client(t).post('/admin/sign-in', { email, password, next: '//evil.example/admin' });
    expect(res.headers.get('location')).toBe('/admin');
    const ok = await new Client(t).post('/admin/sign-in', { email, password, next: '/admin/settings' });
    expect(ok.headers.get('location')).toBe('/admin/settings');
  });

  it('rotates the session id at sign-in, and the old one stops working', async () => {
    const email = await newStaff();
    const c = new Client(t);
    await c.signIn(email, password);
    const first = c.cookie;
    const again = await c.post('/admin/sign-in', { email, password });
    expect(again.status).toBe(303);
    expect(c.cookie).toMatch(/hb_session=.+/);
    expect(c.cookie).not.toBe(first);
    const stale = new Client(t);
    stale.cookie = first;
    expect((await stale.get('/admin/packages')).status).toBe(302);

    const fixated = new Client(t);
    fixated.cookie = 'hb_session=chosen-by-an-attacker';
    await fixated.post('/admin/sign-in', { email, password });
    expect(fixated.cookie).toMatch(/hb_session=.+/);
    expect(fixated.cookie).not.toBe('hb_session=chosen-by-an-attacker');
  });

  it('sign-out ends the session: the old cookie no longer works', async () => {
    const c = await staffClient(t, 'admin');
    const old = c.cookie;
    expect((await c.get('/admin/packages')).status).toBe(200);
    const res = await c.post('/admin/sign-out');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/sign-in');
    const replay = new Client(t);
    replay.cookie = old;
    const after = await replay.get('/admin/packages');
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toContain('/admin/sign-in');
  });
});

describe('security headers', () => {
  it('sends a CSP without unsafe-eval and forbids framing', async () => {
    for (const path of ['/admin/sign-in', '/admin/packages']) {
      const res = await owner.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const frameOk = /frame-ancestors 'none'/.test(csp) || /^(DENY|SAMEORIGIN)$/i.test(res.headers.get('x-frame-options') ?? '');
      expect(frameOk).toBe(true);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
