import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, PASSWORD, clientCount, fieldError, signUpValues, sql, uniqueEmail, unlabelled } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await seedBasics(t);
});
afterAll(() => t.close());

describe('where signing in or up leads', () => {
  it('back to the cart, the store or a payment page the client was going to, and nowhere else', async () => {
    const values = signUpValues();
    const up = await new Browser(t).post('/account/sign-up', { ...values, next: '/cart' });
    expect(up.headers.get('location')).toBe('/cart');
    const cases: [string, string][] = [
      ['/cart', '/cart'],
      ['/store/vps-small', '/store/vps-small'],
      ['https://elsewhere.example/', '/account'],
      ['//elsewhere.example/cart', '/account'],
      ['/cartography', '/account'],
      // A package page's choices, encoded as a form sends them; nothing unencoded after the path.
      ['/store/vps-small?priceName=Monthly&options%5B3%5D=7&quantity=2', '/store/vps-small?priceName=Monthly&options%5B3%5D=7&quantity=2'],
      ['/store/vps-small?priceName="><script>', '/account'],
      ['/store/vps-small?a=b\r\nSet-Cookie:x', '/account'],
      ['/store?x=//elsewhere.example', '/account'],
    ];
    for (const [next, to] of cases) {
      const res = await new Browser(t).post('/account/sign-in', { email: values.email, password: values.password, next });
      expect(res.headers.get('location'), next).toBe(to);
    }
    const away = await new Browser(t).post('/account/sign-up', { ...signUpValues(), next: 'https://elsewhere.example/' });
    expect(away.headers.get('location')).toBe('/account/services?welcome=1');
  });
});

describe('sign-up', () => {
  it('shows a labelled form offering the store currencies and languages', async () => {
    const res = await new Browser(t).get('/account/sign-up');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(unlabelled(html)).toEqual([]);
    expect(html).toContain('<option value="EUR">EUR · Euro</option>');
    expect(html).toContain('<option value="de">de · Deutsch</option>');
    expect(html).toContain('<option value="GB">United Kingdom</option>');
    expect(html).toContain('href="/store"');
  });

  it('creates the account, signs it in with an HttpOnly Lax cookie, and stores an argon2id hash', async () => {
    const b = new Browser(t);
    const values = signUpValues();
    const res = await b.post('/account/sign-up', { ...values, email: `  ${values.email.toUpperCase()} ` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/services?welcome=1');
    expect(b.lastSetCookie).toMatch(/hb_client=[\w-]+;.*HttpOnly/);
    expect(b.lastSetCookie).toContain('SameSite=Lax');
    expect(b.lastSetCookie).not.toContain('Secure');
    const [row] = await sql<{ name: string; country: string; currency: string; language: string; password_hash: string }>(
      t,
      'select * from client where email = ?',
      [values.email],
    );
    expect(row).toMatchObject({ name: 'Ada Lovelace', country: 'GB', currency: 'EUR', language: 'en' });
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    const page = await textOf(await b.get('/account/services?welcome=1'));
    expect(page).toContain('Welcome! Your account is ready.');
    expect(page).toContain('Ada Lovelace');
    const sessions = await sql(t, `select * from session where principal_type = 'client'`);
    expect(sessions.length).toBeGreaterThan(0);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const b = new Browser(t);
    await b.request('/account/sign-up', { method: 'POST', form: signUpValues(), headers: { 'x-forwarded-proto': 'https' } });
    expect(b.lastSetCookie).toContain('Secure');
  });

  const taken = uniqueEmail('taken');
  const junk: [string, Record<string, string>, string, string][] = [
    ['a bad email', { email: 'not-an-email' }, 'email', 'Enter an email address like name@example.com.'],
    ['a short password', { password: 'short' }, 'password', 'Use at least 10 characters.'],
    ['a taken email', { email: taken }, 'email', 'An account with that email already exists. Sign in, or reset your password.'],
    [
      'the taken email in capitals',
      { email: taken.toUpperCase() },
      'email',
      'An account with that email already exists. Sign in, or reset your password.',
    ],
    ['an unknown currency', { currency: 'GBP' }, 'currency', 'Choose one of the currencies in the list.'],
    ['an unknown language', { language: 'fr' }, 'language', 'Choose one of the languages in the list.'],
    ['an unknown country', { country: 'ZZ' }, 'country', 'Choose a country from the list.'],
    ['no country', { country: '' }, 'country', 'Choose a country from the list.'],
    ['no name', { name: '   ' }, 'name', 'Enter a name.'],
    ['a NUL in the name', { name: 'Ada\u0000' }, 'name', 'Remove the NUL character (\\0) from this value.'],
    ['a NUL in the password', { password: 'long enough\u0000password' }, 'password', 'Remove the NUL character (\\0) from this value.'],
    ['a huge name', { name: 'x'.repeat(100_000) }, 'name', 'Use at most 120 characters.'],
    ['a huge email', { email: `${'x'.repeat(300)}@example.com` }, 'email', 'Use at most 254 characters.'],
    ['a huge password', { password: 'x'.repeat(5000) }, 'password', 'Use at most 200 characters.'],
  ];

  it.each(junk)('answers %s with 422, the message next to the field, and stores nothing', async (_, over, field, message) => {
    if (!(await sql(t, 'select 1 from client where email = ?', [taken])).length) await new Browser(t).signUp({ email: taken });
    const before = await clientCount(t);
    const b = new Browser(t);
    const res = await b.post('/account/sign-up', { ...signUpValues(), ...over });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(fieldError(html, field)).toBe(message);
    expect(html).not.toContain(PASSWORD);
    expect(await clientCount(t)).toBe(before);
    expect(b.cookie).toBe('');
  });
});

describe('sign-in and sign-out', () => {
  it('signs in, rotating the session id, and follows a safe next', async () => {
    const b = new Browser(t);
    const email = uniqueEmail();
    await b.signUp({ email });
    const first = b.cookie;
    const res = await b.post('/account/sign-in', { email, password: PASSWORD, next: '/store/vps' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/store/vps');
    expect(b.cookie).not.toBe(first);
    // The session the browser had before is gone.
    expect((await new Browser(t).request('/account/services', { headers: { cookie: first } })).status).toBe(302);
    const evil = await new Browser(t).post('/account/sign-in', { email, password: PASSWORD, next: '//evil.example/x' });
    expect(evil.headers.get('location')).toBe('/account');
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const email = uniqueEmail();
    await new Browser(t).signUp({ email });
    const wrong = await new Browser(t).post('/account/sign-in', { email, password: 'wrong password!' });
    const unknown = await new Browser(t).post('/account/sign-in', { email: uniqueEmail('nobody'), password: 'wrong password!' });
    expect(wrong.status).toBe(422);
    expect(unknown.status).toBe(422);
    expect(fieldError(await textOf(wrong), 'email')).toBe('That email and password do not match an account.');
    expect(fieldError(await textOf(unknown), 'email')).toBe('That email and password do not match an account.');
  });

  it('sends signed-out visitors to sign-in, remembering the page', async () => {
    const res = await new Browser(t).get('/account/invoices');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/sign-in?next=%2Faccount%2Finvoices');
  });

  it('signs out: the session row is deleted and the cookie cleared', async () => {
    const b = new Browser(t);
    await b.signUp();
    const cookie = b.cookie;
    const res = await b.post('/account/sign-out');
    expect(res.status).toBe(303);
    expect(b.cookie).toBe('');
    expect((await new Browser(t).request('/account/services', { headers: { cookie } })).status).toBe(302);
  });

  it('locks an account after repeated failures, without touching other accounts', async () => {
    const email = uniqueEmail();
    const other = uniqueEmail();
    await new Browser(t).signUp({ email });
    await new Browser(t).signUp({ email: other });
    for (let i = 0; i < 5; i++)
      expect((await new Browser(t).post('/account/sign-in', { email, password: `wrong ${i} password` })).status).toBe(422);
    const locked = await new Browser(t).post('/account/sign-in', { email, password: PASSWORD });
    expect(locked.status).toBe(422);
    expect(fieldError(await textOf(locked), 'email')).toMatch(/^Too many failed sign-ins for this account\. Try again in \d+ seconds\.$/);
    expect((await new Browser(t).post('/account/sign-in', { email: other, password: PASSWORD })).status).toBe(303);
    expect((await sql(t, 'select 1 from login_throttle where key = ?', [`client:${email}`])).length).toBe(1);
  });
});

describe('CSRF and the separation from staff', () => {
  it('refuses a signed-in write with a missing or wrong token, or from another site', async () => {
    const b = new Browser(t);
    await b.signUp();
    const [before] = await sql(t, 'select name from client where email = (select email from client order by id desc limit 1)');
    const profile = { ...signUpValues(), name: 'Changed by someone else' };
    expect((await b.post('/account/profile', profile, { csrf: false })).status).toBe(403);
    expect((await b.post('/account/profile', { ...profile, _csrf: 'wrong-token' })).status).toBe(403);
    expect((await b.post('/account/profile', profile, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await b.post('/account/sign-out', {}, { csrf: false })).status).toBe(403);
    expect((await b.post('/account/password', { currentPassword: PASSWORD, password: 'another secret!' }, { csrf: false })).status).toBe(
      403,
    );
    const [after] = await sql(t, 'select name from client where email = (select email from client order by id desc limit 1)');
    expect(after).toEqual(before);
    expect((await b.get('/account/services')).status).toBe(200);
    expect(
      (
        await new Browser(t).post(
          '/account/sign-in',
          { email: 'x@example.com', password: 'x' },
          { headers: { origin: 'https://evil.example' } },
        )
      ).status,
    ).toBe(403);
  });

  it('accepts the token in the header htmx sends', async () => {
    const b = new Browser(t);
    await b.signUp();
    const res = await b.request('/account/sign-out', { method: 'POST', headers: { 'x-csrf-token': b.csrf } });
    expect(res.status).toBe(303);
  });

  it('keeps staff and client sessions apart', async () => {
    const staff = await staffClient(t, 'owner');
    const staffToken = staff.cookie.split('=')[1]!;
    const asClient = await new Browser(t).request('/account/services', { headers: { cookie: `hb_client=${staffToken}` } });
    expect(asClient.status).toBe(302);
    const b = new Browser(t);
    await b.signUp();
    const clientToken = b.cookie.split('=')[1]!;
    const asStaff = await b.request('/admin/clients', { headers: { cookie: `hb_session=${clientToken}` } });
    expect(asStaff.status).toBe(302);
    expect(asStaff.headers.get('location')).toContain('/admin/sign-in');
  });

  it('shows unknown client pages in the client layout', async () => {
    const b = new Browser(t);
    await b.signUp();
    const res = await b.get('/account/nope');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('href="/account/profile"');
    expect(html).not.toContain('Back to the admin');
  });
});
