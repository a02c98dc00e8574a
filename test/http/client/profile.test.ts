import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { addMonthlyPrice, makePackage, seedBasics, textOf } from '../fixtures.ts';
import { Browser, PASSWORD, addBilling, clientIdOf, fieldError, signUpValues, sql, uniqueEmail, unlabelled } from './helpers.ts';

let t: TestApp;
let packageId: number;
let priceId: number;
beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = await makePackage(t, catalogId, 'VPS Small');
  priceId = (await addMonthlyPrice(t, packageId, '12.5')).id;
});
afterAll(() => t.close());

async function signedIn() {
  const b = new Browser(t);
  const values = signUpValues();
  await b.signUp(values);
  return { b, values, id: await clientIdOf(t, values.email) };
}

describe('profile', () => {
  it('shows the profile with every control labelled', async () => {
    const { b, values } = await signedIn();
    const res = await b.get('/account/profile');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(unlabelled(html)).toEqual([]);
    // Each label names one field: the profile's and the password form's current password are two.
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(html).toContain(`value="${values.email}"`);
    expect(html).toContain('<option value="EUR" selected="">');
    for (const nav of ['/store', '/account/services', '/account/invoices', '/account/orders', '/account/profile', '/account/sign-out'])
      expect(html).toContain(`"${nav}"`);
  });

  it('saves name, email, country, currency and language', async () => {
    const { b, id } = await signedIn();
    const email = uniqueEmail('renamed');
    const res = await b.post('/account/profile', {
      name: 'Ada King',
      email,
      country: 'de',
      currency: 'USD',
      language: 'en',
      currentPassword: PASSWORD,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/profile?saved=profile');
    const [row] = await sql(t, 'select name, email, country, currency, language from client where id = ?', [id]);
    expect(row).toEqual({ name: 'Ada King', email, country: 'DE', currency: 'USD', language: 'en' });
    expect(await textOf(await b.get('/account/profile?saved=profile'))).toContain('Profile saved.');
  });

  it('refuses an email another account uses, junk values and NULs, next to the field', async () => {
    const other = uniqueEmail();
    await new Browser(t).signUp({ email: other });
    const { b, values, id } = await signedIn();
    const [before] = await sql(t, 'select * from client where id = ?', [id]);
    const cases: [Record<string, string>, string, string][] = [
      [{ email: other.toUpperCase() }, 'email', 'Another account already uses that email.'],
      [{ currency: 'JPY' }, 'currency', 'Choose one of the currencies in the list.'],
      [{ name: 'x'.repeat(121) }, 'name', 'Use at most 120 characters.'],
      [{ name: 'bad\u0000name' }, 'name', 'Remove the NUL character (\\0) from this value.'],
      [{ country: 'XX' }, 'country', 'Choose a country from the list.'],
    ];
    for (const [over, field, message] of cases) {
      const res = await b.post('/account/profile', { ...values, currentPassword: PASSWORD, ...over });
      expect(res.status, field).toBe(422);
      const html = await textOf(res);
      expect(fieldError(html, field), field).toBe(message);
      expect(html).not.toContain('\u0000');
    }
    const [after] = await sql(t, 'select * from client where id = ?', [id]);
    expect(after).toEqual(before);
  });

  it('changes the sign-in email only with the current password; other details need none', async () => {
    const { b, values, id } = await signedIn();
    const email = uniqueEmail('moved');
    const none = await b.post('/account/profile', { ...values, email });
    expect(none.status).toBe(422);
    const noneHtml = await textOf(none);
    expect(fieldError(noneHtml, 'currentPassword')).toBe('Enter your current password to change your email.');
    // What was typed stays in the form; the password is never sent back.
    expect(noneHtml).toContain(`value="${email}"`);
    const wrong = await b.post('/account/profile', { ...values, email, currentPassword: 'not my password' });
    const wrongHtml = await textOf(wrong);
    expect(fieldError(wrongHtml, 'currentPassword')).toBe('That is not your current password.');
    expect(wrongHtml).not.toContain('not my password');
    expect(await sql(t, 'select email from client where id = ?', [id])).toEqual([{ email: values.email }]);
    // The same email in other letters is no change; a new name needs no password.
    expect((await b.post('/account/profile', { ...values, email: values.email.toUpperCase(), name: 'Renamed' })).status).toBe(303);
    expect((await b.post('/account/profile', { ...values, email, currentPassword: PASSWORD })).status).toBe(303);
    expect(await sql(t, 'select email, name from client where id = ?', [id])).toEqual([{ email, name: values.name }]);
  });

  it('changes the password only with the current one, ending the other sessions', async () => {
    const { b, values } = await signedIn();
    const other = new Browser(t);
    await other.signIn(values.email, PASSWORD);
    const wrong = await b.post('/account/password', { currentPassword: 'not my password', password: 'a new secret here' });
    expect(wrong.status).toBe(422);
    expect(fieldError(await textOf(wrong), 'currentPassword', 'pw')).toBe('That is not your current password.');
    const short = await b.post('/account/password', { currentPassword: PASSWORD, password: 'short' });
    expect(short.status).toBe(422);
    expect(fieldError(await textOf(short), 'password', 'pw')).toBe('Use at least 10 characters.');
    // Ten spaces, or spaces padding a short word, are not a password; the old one still works.
    for (const blank of [' '.repeat(10), '   abc    ']) {
      const spaces = await b.post('/account/password', { currentPassword: PASSWORD, password: blank });
      expect(spaces.status).toBe(422);
      expect(fieldError(await textOf(spaces), 'password', 'pw')).toBe(
        'Use at least 10 characters, not counting spaces at the start or end.',
      );
    }
    expect((await new Browser(t).post('/account/sign-in', { email: values.email, password: PASSWORD })).status).toBe(303);
    const ok = await b.post('/account/password', { currentPassword: PASSWORD, password: 'a new secret here' });
    expect(ok.status).toBe(303);
    expect((await b.get('/account/profile')).status).toBe(200);
    expect((await other.get('/account/profile')).status).toBe(302);
    expect((await new Browser(t).post('/account/sign-in', { email: values.email, password: 'a new secret here' })).status).toBe(303);
  });
});

describe('services, invoices and orders', () => {
  it('lists the signed-in client rows only', async () => {
    const a = await signedIn();
    const z = await signedIn();
    const mine = await addBilling(t, a.id, packageId, { total: '111.1100', priceId });
    const theirs = await addBilling(t, z.id, packageId, { total: '999.9900', priceId });
    const services = await textOf(await a.b.get(`/account/services?client=${z.id}`));
    expect(services).toContain('VPS Small');
    expect(services).toContain('12.50 USD');
    expect(services).toContain('2026-02-15');
    const ids = (html: string, table: string) =>
      [...(html.split(`id="${table}"`)[1] ?? '').matchAll(/<tr><td(?: class="[^"]*")?>(?:<a href="[^"]+">#)?(\d+)(?:<\/a>)?<\/td>/g)].map(
        (m) => Number(m[1]),
      );
    expect(ids(services, 'services')).toEqual([mine.serviceId]);
    const invoices = await textOf(await a.b.get('/account/invoices'));
    expect(ids(invoices, 'invoices')).toEqual([mine.invoiceId]);
    expect(invoices).toContain('111.11 USD');
    expect(invoices).not.toContain('999.99');
    const orders = await textOf(await a.b.get('/account/orders'));
    expect(ids(orders, 'orders')).toEqual([mine.orderId]);
    expect(orders).toContain('VPS Small × 2');
    expect(orders).not.toContain('999.99');
    // The order's invoice is named by its number once it has one, as on the invoice itself.
    const invoice = (await sql<{ id: number }>(t, 'select id from invoice where order_id = ?', [mine.orderId]))[0]!.id;
    await sql(t, `update invoice set number = 'INV-2026-0042' where id = ?`, [invoice]);
    expect(await textOf(await a.b.get('/account/orders'))).toContain(`<a href="/account/invoices/${invoice}">INV-2026-0042</a>`);
    const theirPage = await textOf(await z.b.get('/account/invoices'));
    expect(ids(theirPage, 'invoices')).toEqual([theirs.invoiceId]);
  });

  it('says so when there is nothing yet', async () => {
    const { b } = await signedIn();
    expect(await textOf(await b.get('/account/services'))).toContain('You have no services yet.');
    expect(await textOf(await b.get('/account/invoices'))).toContain('You have no invoices yet.');
    expect(await textOf(await b.get('/account/orders'))).toContain('You have not placed an order yet.');
  });
});
