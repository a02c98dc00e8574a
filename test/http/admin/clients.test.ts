import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { makePackage, seedBasics, textOf } from '../fixtures.ts';
import {
  Browser,
  addBilling,
  clientCount,
  clientIdOf,
  fieldError,
  linkIn,
  mailsTo,
  signUpValues,
  sql,
  uniqueEmail,
  unlabelled,
} from '../client/helpers.ts';

let t: TestApp;
let owner: Client;
let support: Client;
let restrictedA: number;
let restrictedB: number;
let visible: number;
beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  restrictedA = await makePackage(t, catalogId, 'Private cloud', { status: 'restricted' });
  restrictedB = await makePackage(t, catalogId, 'Dedicated box', { status: 'restricted' });
  visible = await makePackage(t, catalogId, 'Shared hosting');
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
});
afterAll(() => t.close());

const newClient = (over: Record<string, string> = {}) => {
  const { password: _, ...rest } = signUpValues();
  return { ...rest, ...over };
};

describe('client list', () => {
  it('searches by name or email and pages through the results', async () => {
    const tag = `zeb${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) await new Browser(t).signUp({ name: `Zebedee ${tag} ${i}`, email: uniqueEmail() });
    await new Browser(t).signUp({ name: 'Someone else', email: uniqueEmail(tag) });
    const all = await textOf(await owner.get(`/admin/clients?q=${tag}`));
    expect(all).toContain('4 clients matching');
    const byName = await textOf(await owner.get(`/admin/clients?q=Zebedee+${tag}`));
    expect(byName).toContain('3 clients matching');
    expect(byName).not.toContain('Someone else');
    const page2 = await textOf(await owner.get(`/admin/clients?q=${tag}&perPage=3&page=2`));
    expect(page2).toContain('Page 2 of 2');
    expect((page2.match(/href="\/admin\/clients\/\d+"/g) ?? []).length).toBe(1);
    const fragment = await owner.request(`/admin/clients?q=${tag}`, {
      method: 'GET',
      htmx: true,
      headers: { 'hx-target': 'client-results' },
    });
    const html = await fragment.text();
    expect(html.startsWith('<div id="client-results">')).toBe(true);
    expect((await owner.get('/admin/clients?q=%25')).status).toBe(200);
    expect((await owner.get('/admin/clients?page=abc')).status).toBe(422);
    expect((await owner.get(`/admin/clients?q=${'x'.repeat(300)}`)).status).toBe(422);
  });
});

describe('new client', () => {
  it('creates the client without a password and queues a set-password email valid 7 days', async () => {
    const form = await owner.get('/admin/clients/new');
    expect(unlabelled(await form.text())).toEqual([]);
    const values = newClient();
    const res = await owner.post('/admin/clients', values);
    expect(res.status).toBe(303);
    const id = await clientIdOf(t, values.email);
    expect(res.headers.get('location')).toBe(`/admin/clients/${id}?done=created`);
    const [row] = await sql<{ password_hash: string | null; country: string }>(
      t,
      'select password_hash, country from client where id = ?',
      [id],
    );
    expect(row).toEqual({ password_hash: null, country: 'GB' });
    const [token] = await sql<{ purpose: string; expires_at: string; created_at: string }>(
      t,
      'select purpose, expires_at, created_at from password_token where client_id = ?',
      [id],
    );
    expect(token!.purpose).toBe('set');
    expect(new Date(token!.expires_at).getTime() - new Date(token!.created_at).getTime()).toBe(7 * 86_400_000);
    const mails = await mailsTo(t, values.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Set your password');
    expect(mails[0]!.text).toContain('Hello Ada Lovelace,');
    // The client follows the link, sets a password and is signed in.
    const link = linkIn(mails[0]!.text);
    const b = new Browser(t);
    const page = await b.get(link.replace(/^https?:\/\/[^/]+/, ''));
    expect(await page.text()).toContain('Set your password');
    const set = await b.post('/account/reset-password', { token: new URL(link).searchParams.get('token')!, password: 'my first password' });
    expect(set.status).toBe(303);
    expect((await b.get('/account/services')).status).toBe(200);
    expect(await textOf(await owner.get(`/admin/clients/${id}`))).not.toContain('password not set');
  });

  it('refuses junk next to the field, storing nothing and sending nothing', async () => {
    const existing = newClient();
    await owner.post('/admin/clients', existing);
    const cases: [Record<string, string>, string, string][] = [
      [{ email: existing.email }, 'email', 'A client with that email already exists.'],
      [{ email: 'nope' }, 'email', 'Enter an email address like name@example.com.'],
      [{ country: '' }, 'country', 'Choose a country from the list.'],
      [{ currency: 'XYZ' }, 'currency', 'Choose one of the currencies in the list.'],
    ];
    for (const [over, field, message] of cases) {
      const before = await clientCount(t);
      const values = newClient(over);
      const res = await owner.post('/admin/clients', values);
      expect(res.status, field).toBe(422);
      expect(fieldError(await textOf(res), field), field).toBe(message);
      expect(await clientCount(t)).toBe(before);
      if (field !== 'email') expect(await mailsTo(t, values.email)).toEqual([]);
    }
    expect(await mailsTo(t, existing.email)).toHaveLength(1);
    // NOTE: the admin's CSRF check reads the form first and refuses a NUL itself (422, its own page).
    const before = await clientCount(t);
    const nul = await owner.post('/admin/clients', newClient({ name: 'a\u0000b' }));
    expect(nul.status).toBe(422);
    expect(await textOf(nul)).toContain('Remove the NUL character (\\0) from this value.');
    expect(await clientCount(t)).toBe(before);
  });
});

describe('client page', () => {
  it('shows profile, credit, services, invoices, orders and the restricted packages', async () => {
    const values = newClient();
    await owner.post('/admin/clients', values);
    const id = await clientIdOf(t, values.email);
    await sql(t, `update client set credit_balance = 25.5 where id = ?`, [id]);
    const rows = await addBilling(t, id, visible, { total: '42.0000' });
    const html = await textOf(await owner.get(`/admin/clients/${id}`));
    expect(unlabelled(html)).toEqual([]);
    expect(html).toContain('25.50 EUR');
    expect(html).toContain('42.00 USD');
    expect(html).toContain(`<a href="/admin/services/${rows.serviceId}">#${rows.serviceId}</a>`);
    expect(html).toContain(`<td><a href="/admin/orders/${rows.orderId}">#${rows.orderId}</a></td>`);
    expect(html).toContain('Private cloud');
    expect(html).toContain('Dedicated box');
    expect(html).not.toContain(`id="allow-${visible}"`);
    // Notes speak of the client to staff, and say what credit is spent on.
    expect(html).toContain("Printed on the client's invoices.");
    expect(html).not.toContain('your invoices');
    expect(html).toContain('Renewal invoices are paid from it first; the client can pay any other invoice with it too.');
    expect((await owner.get('/admin/clients/999999')).status).toBe(404);
    expect((await owner.get('/admin/clients/abc')).status).toBe(404);
  });

  it('replaces the allow-list on save, and refuses packages that are not restricted', async () => {
    const values = newClient();
    await owner.post('/admin/clients', values);
    const id = await clientIdOf(t, values.email);
    const allowed = async () =>
      (await sql<{ package_id: number }>(t, 'select package_id from client_allowed_package where client_id = ? order by 1', [id])).map(
        (r) => r.package_id,
      );
    expect(
      (await owner.post(`/admin/clients/${id}/allowed-packages`, { 'packageIds[]': ['', String(restrictedA), String(restrictedB)] }))
        .status,
    ).toBe(303);
    expect(await allowed()).toEqual([restrictedA, restrictedB].sort((a, b) => a - b));
    const fragment = await owner.post(
      `/admin/clients/${id}/allowed-packages`,
      { 'packageIds[]': ['', String(restrictedB)] },
      { htmx: true },
    );
    expect(fragment.status).toBe(200);
    const html = await fragment.text();
    expect(html.startsWith('<form id="allow-list"')).toBe(true);
    expect(html).toContain('Allow-list saved.');
    expect(await allowed()).toEqual([restrictedB]);
    const refused = await owner.post(`/admin/clients/${id}/allowed-packages`, { 'packageIds[]': ['', String(visible)] });
    expect(refused.status).toBe(422);
    expect(await textOf(refused)).toContain('"Shared hosting" is not restricted; only restricted packages have an allow-list.');
    expect((await owner.post(`/admin/clients/${id}/allowed-packages`, { 'packageIds[]': ['', '99999'] })).status).toBe(422);
    expect(await allowed()).toEqual([restrictedB]);
    expect((await owner.post(`/admin/clients/${id}/allowed-packages`, { 'packageIds[]': [''] })).status).toBe(303);
    expect(await allowed()).toEqual([]);
  });

  it('saves the profile from the staff page', async () => {
    const values = newClient();
    await owner.post('/admin/clients', values);
    const id = await clientIdOf(t, values.email);
    expect((await owner.post(`/admin/clients/${id}`, { ...values, name: 'Renamed by staff', language: 'en' })).status).toBe(303);
    expect((await sql(t, 'select name, language from client where id = ?', [id]))[0]).toEqual({ name: 'Renamed by staff', language: 'en' });
  });
});

describe('adding credit', () => {
  it('adds credit with its reason, puts junk next to the field, and keeps the balance on junk', async () => {
    const values = newClient();
    await owner.post('/admin/clients', values);
    const id = await clientIdOf(t, values.email);
    const balance = async () => (await sql<{ b: string }>(t, 'select credit_balance as b from client where id = ?', [id]))[0]!.b;
    const res = await owner.post(`/admin/clients/${id}/credit`, { amount: '12.50', reason: 'Refund for the outage' });
    expect(res.status).toBe(303);
    expect(await textOf(await owner.get(res.headers.get('location')!))).toContain('Credit added.');
    expect(await balance()).toBe('12.5000');
    expect(await sql(t, 'select amount, reason from credit_entry where client_id = ?', [id])).toEqual([
      { amount: '12.5000', reason: 'Refund for the outage' },
    ]);
    for (const [form, field, message] of [
      [{ amount: 'ten', reason: 'x' }, 'amount'],
      [{ amount: '-5', reason: 'x' }, 'amount'],
      [{ amount: '1.23456', reason: 'x' }, 'amount'],
      [{ amount: '5', reason: '' }, 'reason'],
      [{ amount: '5', reason: 'r'.repeat(201) }, 'reason'],
      [{ amount: '0', reason: 'x' }, 'amount'],
      // More than the balance's column can hold once added: refused by the field, not a 500.
      [{ amount: '999999999999999', reason: 'x' }, 'amount'],
      [{ amount: '13', reason: 'x', direction: 'remove' }, 'amount'],
      // Cents are the smallest amount of EUR (this client's currency) that can change hands: a tenth of one is refused both ways.
      [{ amount: '10.005', reason: 'x' }, 'amount', 'Use at most 2 decimals for EUR.'],
      [{ amount: '0.005', reason: 'x', direction: 'remove' }, 'amount', 'Use at most 2 decimals for EUR.'],
      // A way that is neither adds nothing (it was read as "add").
      [{ amount: '5', reason: 'x', direction: 'steal' }, 'direction', 'Choose whether to add to the balance or take back from it.'],
      [{ amount: '5', reason: 'x', direction: '' }, 'direction'],
    ] as const) {
      const page = await owner.post(`/admin/clients/${id}/credit`, form);
      expect(page.status, JSON.stringify(form)).toBe(422);
      const error = fieldError(await page.text(), field);
      expect(error, JSON.stringify(form)).toBeTruthy();
      if (message) expect(error).toContain(message);
    }
    expect(await balance()).toBe('12.5000');
    expect(await sql(t, 'select count(*)::int as n from credit_entry where client_id = ?', [id])).toEqual([{ n: 1 }]);
    expect((await owner.post('/admin/clients/999999/credit', { amount: '5', reason: 'x' })).status).toBe(404);
    expect((await support.post(`/admin/clients/${id}/credit`, { amount: '5', reason: 'x' })).status).toBe(403);
    expect(await balance()).toBe('12.5000');
  });

  it('says what a balance holds as the page shows money: grouped, with its currency', async () => {
    const values = newClient();
    await owner.post('/admin/clients', values);
    const id = await clientIdOf(t, values.email);
    await owner.post(`/admin/clients/${id}/credit`, { amount: '1012.75', reason: 'Prepaid' });
    const over = await owner.post(`/admin/clients/${id}/credit`, { amount: '2000', reason: 'x', direction: 'remove' });
    expect(over.status).toBe(422);
    expect(fieldError(await over.text(), 'amount')).toBe('The balance holds 1,012.75 EUR: remove at most that.');
  });

  it('takes credit back, up to the balance, with its reason in the same ledger', async () => {
    const values = newClient();
    await owner.post('/admin/clients', values);
    const id = await clientIdOf(t, values.email);
    await owner.post(`/admin/clients/${id}/credit`, { amount: '20', reason: 'Goodwill' });
    const res = await owner.post(`/admin/clients/${id}/credit`, { amount: '7.25', reason: 'Added twice by mistake', direction: 'remove' });
    expect(res.status).toBe(303);
    expect(await textOf(await owner.get(res.headers.get('location')!))).toContain('Credit taken back.');
    const refused = await owner.post(`/admin/clients/${id}/credit`, { amount: '12.76', reason: 'x', direction: 'remove' });
    expect(refused.status).toBe(422);
    expect(fieldError(await refused.text(), 'amount')).toContain('The balance holds 12.75 EUR: remove at most that.');
    expect(await sql(t, 'select amount, reason from credit_entry where client_id = ? order by id', [id])).toEqual([
      { amount: '20.0000', reason: 'Goodwill' },
      { amount: '-7.2500', reason: 'Added twice by mistake' },
    ]);
    expect(await sql(t, 'select credit_balance as b from client where id = ?', [id])).toEqual([{ b: '12.7500' }]);
    // Two staff taking back at once: the balance covers one; the other is told what is left.
    const both = await Promise.all(
      [1, 2].map(() => owner.post(`/admin/clients/${id}/credit`, { amount: '10', reason: 'Twice at once', direction: 'remove' })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(await sql(t, 'select credit_balance as b from client where id = ?', [id])).toEqual([{ b: '2.7500' }]);
    await owner.post(`/admin/clients/${id}/credit`, { amount: '10', reason: 'Back to 12.75' });
    // Staff read where it came from and went, newest first.
    const page = await textOf(await owner.get(`/admin/clients/${id}`));
    const start = page.indexOf('Credit history (latest 4)');
    const history = page.slice(start, page.indexOf('</details>', start));
    expect(history.indexOf('Back to 12.75')).toBeGreaterThan(-1);
    expect(history.indexOf('Back to 12.75')).toBeLessThan(history.indexOf('Twice at once'));
    expect(history.indexOf('Added twice by mistake')).toBeLessThan(history.indexOf('Goodwill'));
    expect(history).toMatch(/-7\.25 [A-Z]{3}/);
    expect(history).toMatch(/>20\.00 [A-Z]{3}/);
  });
});

describe('support staff', () => {
  it('can view the list and a client page but change nothing', async () => {
    const values = newClient();
    await owner.post('/admin/clients', values);
    const id = await clientIdOf(t, values.email);
    expect((await support.get('/admin/clients')).status).toBe(200);
    const page = await support.get(`/admin/clients/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('Save allow-list');
    expect(html).not.toContain('Save profile');
    const before = await sql(
      t,
      'select c.*, (select count(*) from client_allowed_package where client_id = c.id)::int as allowed from client c order by id',
    );
    const mailsBefore = await sql(t, 'select count(*)::int as n from mail_message');
    for (const [path, form] of [
      ['/admin/clients', newClient()],
      [`/admin/clients/${id}`, { ...values, name: 'Support was here' }],
      [`/admin/clients/${id}/allowed-packages`, { 'packageIds[]': ['', String(restrictedA)] }],
    ] as const) {
      expect((await support.post(path, form as Record<string, string | string[]>)).status, path).toBe(403);
    }
    expect(
      await sql(
        t,
        'select c.*, (select count(*) from client_allowed_package where client_id = c.id)::int as allowed from client c order by id',
      ),
    ).toEqual(before);
    expect(await sql(t, 'select count(*)::int as n from mail_message')).toEqual(mailsBefore);
  });
});
