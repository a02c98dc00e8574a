// Staff accounts managed by owners: invitations that set a password once, roles, disabling,
// signing people out, API tokens, and always one owner left who can sign in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, Client, makeTestApp, ORIGIN, staffClient, type TestApp } from '../../helpers/app.ts';
import { sql } from '../client/helpers.ts';
import { createStaff } from '../../../src/modules/staff/create-staff.ts';

const PASSWORD = 'correct horse battery';
let t: TestApp;
let owner: Client;
let n = 0;

beforeAll(async () => {
  t = await makeTestApp();
  owner = await staffClient(t, 'owner');
});
afterAll(async () => {
  await t?.close();
});

const staffId = async (email: string) => (await sql<{ id: number }>(t, 'select id from staff where email = ?', [email]))[0]!.id;
const inviteLinks = async (email: string) =>
  (await sql<{ text: string }>(t, `select text from mail_message where "to" = ? and kind = 'staff-invite' order by id`, [email])).map(
    (m) => /\/admin\/invite\?token=([\w-]+)/.exec(m.text)![1]!,
  );

async function invite(role = 'admin') {
  const email = `invitee${++n}@example.com`;
  const res = await owner.post('/admin/staff', { name: `Invitee ${n}`, email: email.toUpperCase(), role });
  expect(res.status).toBe(303);
  const [token] = await inviteLinks(email);
  return { email, token: token!, id: await staffId(email) };
}

async function member(role: 'owner' | 'admin' | 'support' = 'admin') {
  const email = `member${++n}@example.com`;
  const staff = await createStaff(t.em(), { email, password: PASSWORD, name: `Member ${n}`, role });
  const c = new Client(t);
  await c.signIn(email, PASSWORD);
  return { id: staff.id, email, c };
}

describe('inviting staff', () => {
  it('adds them without a password and emails a one-use link that sets it and signs them in', async () => {
    const { email, token, id } = await invite('support');
    const list = await (await owner.get('/admin/staff')).text();
    expect(list).toContain(email);
    expect(list).toMatch(new RegExp(`${email}</td><td>support</td><td><span class="badge warn">Invited`));
    const [row] = await sql<{ password_hash: string | null }>(t, 'select password_hash from staff where id = ?', [id]);
    expect(row!.password_hash).toBeNull();
    // Only the link's hash is kept.
    expect(JSON.stringify(await sql(t, 'select * from staff_invite where staff_id = ?', [id]))).not.toContain(token);
    // Nobody signs in without a password.
    expect((await new Client(t).post('/admin/sign-in', { email, password: '' })).status).toBe(422);

    const browser = new Client(t);
    const form = await browser.get(`/admin/invite?token=${token}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(email);
    const short = await browser.post('/admin/invite', { token, password: 'short' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('Use at least 10 characters.');
    const spaces = await browser.post('/admin/invite', { token, password: ' '.repeat(12) });
    expect(spaces.status).toBe(422);
    expect(await spaces.text()).toContain('Use at least 10 characters, not counting spaces at the start or end.');
    const set = await browser.post('/admin/invite', { token, password: 'my own password 1' });
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/admin/account');
    expect((await browser.get('/admin/account')).status).toBe(200);

    const again = await new Client(t).post('/admin/invite', { token, password: 'another password 2' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('That invitation has already been used');
    expect((await new Client(t).get(`/admin/invite?token=${token}`)).status).toBe(410);
    await new Client(t).signIn(email, 'my own password 1');
    await expect(new Client(t).signIn(email, 'another password 2')).rejects.toThrow(/422/);
    const [event] = await sql<{ action: string }>(
      t,
      `select action from audit_log where object_type = 'staff' and object_id = ? and action = 'invite-accepted'`,
      [String(id)],
    );
    expect(event).toBeTruthy();
  });

  it('sets one password when the link is sent twice at the same instant', async () => {
    const { email, token } = await invite();
    const passwords = ['first password 111', 'second password 222', 'third password 333'];
    const answers = await Promise.all(passwords.map((password) => new Client(t).post('/admin/invite', { token, password })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(2);
    const winner = passwords[statuses.indexOf(303)]!;
    await new Client(t).signIn(email, winner);
    for (const p of passwords.filter((x) => x !== winner)) await expect(new Client(t).signIn(email, p)).rejects.toThrow(/422/);
  });

  it('refuses junk, a taken email and a made-up link with messages beside the fields', async () => {
    const junk = await owner.post('/admin/staff', { name: '', email: 'not-an-email', role: 'emperor' });
    expect(junk.status).toBe(422);
    const html = await junk.text();
    for (const m of ['Enter a name.', 'Enter an email address like name@example.com.', 'Choose one of: owner, admin, support.'])
      expect(html).toContain(m);
    expect(html).toContain('value="not-an-email"');
    const { email } = await invite();
    const taken = await owner.post('/admin/staff', { name: 'Again', email, role: 'admin' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('A staff member with that email already exists.');
    expect((await new Client(t).get('/admin/invite?token=made-up')).status).toBe(410);
    expect((await new Client(t).post('/admin/invite', { token: 'x'.repeat(500), password: 'long enough password' })).status).toBe(410);
  });

  it('adds one member when the form is sent twice at once (a double click): the other is told the email is taken', async () => {
    const email = `double${++n}@example.com`;
    const answers = await Promise.all([1, 2, 3].map(() => owner.post('/admin/staff', { name: 'Double Click', email, role: 'admin' })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.sort()).toEqual([303, 422, 422]);
    for (const r of answers.filter((a) => a.status === 422))
      expect(await r.text()).toContain('A staff member with that email already exists.');
    expect(await sql(t, 'select id from staff where email = ?', [email])).toHaveLength(1);
    expect(await inviteLinks(email)).toHaveLength(1);
  });

  it('sends a new link on request, and the old one stops working', async () => {
    const { id, email, token } = await invite();
    expect((await owner.post(`/admin/staff/${id}/invite`)).status).toBe(303);
    const links = await inviteLinks(email);
    expect(links).toHaveLength(2);
    expect((await new Client(t).post('/admin/invite', { token, password: 'old link password' })).status).toBe(410);
    expect((await new Client(t).post('/admin/invite', { token: links[1]!, password: 'new link password' })).status).toBe(303);
    // Once a password is set there is nothing to resend.
    const done = await owner.post(`/admin/staff/${id}/invite`);
    expect(done.status).toBe(422);
    expect(await done.text()).toContain('has already set a password');
  });
});

describe('managing staff', () => {
  it('is for owners only', async () => {
    for (const role of ['admin', 'support'] as const) {
      const c = await staffClient(t, role);
      expect((await c.get('/admin/staff')).status, role).toBe(403);
      expect((await c.post('/admin/staff', { name: 'X', email: 'x@example.com', role: 'owner' })).status, role).toBe(403);
    }
    expect(await sql(t, `select 1 from staff where email = 'x@example.com'`)).toHaveLength(0);
  });

  it('changes a role, recorded in the audit trail with before and after', async () => {
    const m = await member('support');
    expect((await owner.post(`/admin/staff/${m.id}`, { name: 'Renamed Member', role: 'admin' })).status).toBe(303);
    const [row] = await sql<{ role: string; name: string }>(t, 'select role, name from staff where id = ?', [m.id]);
    expect(row).toEqual({ role: 'admin', name: 'Renamed Member' });
    const [entry] = await sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      t,
      `select before, after from audit_log where object_type = 'staff' and object_id = ? and action = 'update' order by id desc limit 1`,
      [String(m.id)],
    );
    expect(entry!.before).toMatchObject({ role: 'support' });
    expect(entry!.after).toMatchObject({ role: 'admin', name: 'Renamed Member' });
    const junk = await owner.post(`/admin/staff/${m.id}`, { name: 'x'.repeat(200), role: 'king' });
    expect(junk.status).toBe(422);
    expect(await junk.text()).toContain('Use at most 120 characters.');
    expect((await owner.post('/admin/staff/999999', { name: 'Nobody', role: 'admin' })).status).toBe(404);
  });

  it('always keeps an owner who can sign in', async () => {
    const t2 = await makeTestApp();
    try {
      await createStaff(t2.em(), { email: 'only@example.com', password: PASSWORD, name: 'Only Owner', role: 'owner' });
      const only = new Client(t2);
      await only.signIn('only@example.com', PASSWORD);
      const id = (await t2.orm.em.getConnection().execute<{ id: number }[]>(`select id from staff where email = 'only@example.com'`))[0]!
        .id;
      const demote = await only.post(`/admin/staff/${id}`, { name: 'Only Owner', role: 'admin' });
      expect(demote.status).toBe(422);
      expect(await demote.text()).toContain('Keep at least one owner who can sign in');
      const self = await only.post(`/admin/staff/${id}/disable`);
      expect(self.status).toBe(422);
      expect(await self.text()).toContain('You cannot disable your own account.');
    } finally {
      await t2.close();
    }
  });

  it('disables a member: signed out at once, tokens refused, sign-in refused; enabling lets them back', async () => {
    const m = await member('admin');
    const token = await apiToken(t, 'admin');
    const tokenOwner = (await sql<{ staff_id: number }>(t, `select staff_id from api_token order by id desc limit 1`))[0]!.staff_id;
    const api = () => t.app.request(`${ORIGIN}/api/v1/addon-groups`, { headers: { authorization: `Bearer ${token}` } });
    expect((await api()).status).toBe(200);
    expect((await owner.post(`/admin/staff/${m.id}/disable`)).status).toBe(303);
    expect((await owner.post(`/admin/staff/${tokenOwner}/disable`)).status).toBe(303);
    expect((await m.c.get('/admin/catalogs')).status).toBe(302);
    expect((await api()).status).toBe(401);
    const refused = await new Client(t).post('/admin/sign-in', { email: m.email, password: PASSWORD });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('This account is disabled.');
    expect(await (await owner.get(`/admin/staff/${m.id}`)).text()).toContain('Disabled');

    expect((await owner.post(`/admin/staff/${m.id}/enable`)).status).toBe(303);
    expect((await owner.post(`/admin/staff/${tokenOwner}/enable`)).status).toBe(303);
    await new Client(t).signIn(m.email, PASSWORD);
    expect((await api()).status).toBe(200);
  });

  it('signs a member out everywhere, and revokes their tokens one by one', async () => {
    const m = await member('admin');
    const second = new Client(t);
    await second.signIn(m.email, PASSWORD);
    const created = await m.c.post('/admin/account/tokens', { name: 'Accounting export' });
    expect(created.status).toBe(200);
    const token = /id="new-token">\s*(hb_[\w-]+)/.exec(await created.text())![1]!;
    const api = () => t.app.request(`${ORIGIN}/api/v1/addon-groups`, { headers: { authorization: `Bearer ${token}` } });
    expect((await api()).status).toBe(200);
    expect(await (await m.c.get('/admin/account')).text()).not.toContain(token);

    expect((await owner.post(`/admin/staff/${m.id}/sessions/end`)).status).toBe(303);
    expect((await m.c.get('/admin/catalogs')).status).toBe(302);
    expect((await second.get('/admin/catalogs')).status).toBe(302);

    const [row] = await sql<{ id: number }>(t, 'select id from api_token where staff_id = ?', [m.id]);
    expect((await owner.post(`/admin/staff/${m.id}/tokens/${row!.id}/revoke`)).status).toBe(303);
    expect((await api()).status).toBe(401);
    expect((await owner.post(`/admin/staff/${m.id}/tokens/${row!.id}/revoke`)).status).toBe(404);
  });

  it('lets a member sign out their other browsers and manage their own tokens, support included', async () => {
    const m = await member('support');
    const other = new Client(t);
    await other.signIn(m.email, PASSWORD);
    expect((await m.c.post('/admin/account/sessions/end')).status).toBe(303);
    expect((await other.get('/admin/catalogs')).status).toBe(302);
    expect((await m.c.get('/admin/catalogs')).status).toBe(200);
    const blank = await m.c.post('/admin/account/tokens', { name: '  ' });
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain('Name the token after where it will be used');
    expect((await m.c.post('/admin/account/tokens', { name: 'Mine' })).status).toBe(200);
    const [row] = await sql<{ id: number }>(t, 'select id from api_token where staff_id = ?', [m.id]);
    // Nobody revokes another member's token from their own account page.
    const stranger = await member('admin');
    expect((await stranger.c.post(`/admin/account/tokens/${row!.id}/revoke`)).status).toBe(404);
    expect((await m.c.post(`/admin/account/tokens/${row!.id}/revoke`)).status).toBe(303);
    expect(await sql(t, 'select 1 from api_token where staff_id = ?', [m.id])).toHaveLength(0);
  });
});
