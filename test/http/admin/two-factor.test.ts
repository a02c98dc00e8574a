// Two-factor sign-in for staff: enrolment with a QR code and a proving code, sign-in in two
// steps, codes that never work twice (even sent at the same instant), recovery codes, and an
// owner's rule that everyone must use it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { sql } from '../client/helpers.ts';
import { createApp } from '../../../src/app.ts';
import { createStaff } from '../../../src/modules/staff/create-staff.ts';
import { totpCode } from '../../../src/modules/staff/rules/two-factor.ts';
import { saveSecuritySettings } from '../../../src/modules/settings/security-settings.ts';

const PASSWORD = 'correct horse battery';
let t: TestApp;
let clocked: TestApp;
const clock = { now: new Date('2026-12-04T10:00:05Z') };
let n = 0;

beforeAll(async () => {
  t = await makeTestApp();
  clocked = { ...t, app: createApp({ orm: t.orm, config: t.config, now: () => clock.now }) };
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  clock.now = new Date('2026-12-04T10:00:05Z');
});

const later = (seconds: number) => (clock.now = new Date(clock.now.getTime() + seconds * 1000));

async function member(role: 'owner' | 'admin' | 'support' = 'admin') {
  const email = `tf${++n}@example.com`;
  const staff = await createStaff(t.em(), { email, password: PASSWORD, name: `Two Factor ${n}`, role });
  return { id: staff.id, email };
}

async function signedIn(email: string) {
  const c = new Client(clocked);
  await c.signIn(email, PASSWORD);
  return c;
}

/** Turns two-factor sign-in on through the pages, as a person would; the key and the recovery codes. */
async function enrol(c: Client) {
  const page = await (await c.get('/admin/account/two-factor')).text();
  const key = /id="totp-key">([^<]+)</.exec(page)![1]!.replace(/\s/g, '');
  const sealed = /name="secret" value="([^"]+)"/.exec(page)![1]!;
  const done = await c.post('/admin/account/two-factor', { secret: sealed, code: totpCode(key, clock.now) });
  expect(done.status).toBe(200);
  const codes = [...(await done.text()).matchAll(/<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})<\/code>/g)].map((m) => m[1]!);
  return { key, codes };
}

const staffRow = async (id: number) =>
  (
    await sql<{ totp_secret: string | null; totp_last_step: string | null; recovery_codes: string[] | null }>(
      t,
      'select totp_secret, totp_last_step, recovery_codes from staff where id = ?',
      [id],
    )
  )[0]!;

describe('turning on two-factor sign-in', () => {
  it('shows a QR code and a key, refuses a wrong code, and stores the secret sealed with ten hashed recovery codes', async () => {
    const m = await member();
    const c = await signedIn(m.email);
    const page = await (await c.get('/admin/account/two-factor')).text();
    expect(page).toMatch(/<img class="qr" src="data:image\/png;base64,[\w+/=]{200,}"/);
    const key = /id="totp-key">([^<]+)</.exec(page)![1]!.replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    const sealed = /name="secret" value="([^"]+)"/.exec(page)![1]!;
    expect(sealed).not.toContain(key);

    const wrong = await c.post('/admin/account/two-factor', {
      secret: sealed,
      code: totpCode(key, new Date(clock.now.getTime() - 300_000)),
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That code is not right');
    expect((await staffRow(m.id)).totp_secret).toBeNull();
    const junk = await c.post('/admin/account/two-factor', { secret: 'v1.forged.secret.value', code: '123456' });
    expect(junk.status).toBe(422);
    expect(await junk.text()).toContain('This page has expired');

    const done = await c.post('/admin/account/two-factor', { secret: sealed, code: totpCode(key, clock.now) });
    expect(done.status).toBe(200);
    const html = await done.text();
    const codes = [...html.matchAll(/<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})<\/code>/g)].map((x) => x[1]!);
    expect(new Set(codes).size).toBe(10);
    const row = await staffRow(m.id);
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(key);
    expect(row.recovery_codes).toHaveLength(10);
    expect(JSON.stringify(row.recovery_codes)).not.toContain(codes[0]!);
    // The account page now says it is on, and the enrolment page sends back there.
    expect(await (await c.get('/admin/account')).text()).toContain('Signing in asks for a code');
    expect((await c.get('/admin/account/two-factor')).headers.get('location')).toBe('/admin/account');
  });
});

describe('signing in with two-factor sign-in on', () => {
  it('asks for the code after the password, and opens a session only for a right one', async () => {
    const m = await member();
    const { key } = await enrol(await signedIn(m.email));
    later(60);
    const c = new Client(clocked);
    const first = await c.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/admin/sign-in/code');
    expect(first.headers.get('set-cookie')).toMatch(/^hb_staff_code=[^;]+; Max-Age=300; Path=\/admin; HttpOnly; SameSite=Lax$/);
    expect(c.cookie).toBe('');
    expect(c.others.get('hb_staff_code')).toBeTruthy();
    // Nothing of the admin yet.
    expect((await c.get('/admin/catalogs')).status).toBe(302);
    expect((await c.get('/admin/sign-in/code')).status).toBe(200);

    const wrong = await c.post('/admin/sign-in/code', { code: totpCode(key, new Date(clock.now.getTime() + 600_000)) });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That code is not right');
    expect(c.cookie).toBe('');

    const right = await c.post('/admin/sign-in/code', { code: totpCode(key, clock.now).replace(/^(\d{3})/, '$1 ') });
    expect(right.status).toBe(303);
    expect(c.cookie).toMatch(/^hb_session=/);
    expect(c.others.has('hb_staff_code')).toBe(false);
    expect((await c.get('/admin/catalogs')).status).toBe(200);
  });

  it('refuses a code used once already, for sign-in after sign-in, until the next one', async () => {
    const m = await member();
    const { key } = await enrol(await signedIn(m.email));
    later(60);
    const code = totpCode(key, clock.now);
    const a = new Client(clocked);
    await a.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    expect((await a.post('/admin/sign-in/code', { code })).status).toBe(303);
    const b = new Client(clocked);
    await b.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    const reused = await b.post('/admin/sign-in/code', { code });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('That code has already been used');
    later(30);
    expect((await b.post('/admin/sign-in/code', { code: totpCode(key, clock.now) })).status).toBe(303);
  });

  it('opens one session when the same code is sent twice at the same instant', async () => {
    const m = await member();
    const { key } = await enrol(await signedIn(m.email));
    later(60);
    const browsers = [new Client(clocked), new Client(clocked), new Client(clocked), new Client(clocked)];
    for (const b of browsers) await b.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    const code = totpCode(key, clock.now);
    const answers = await Promise.all(browsers.map((b) => b.post('/admin/sign-in/code', { code })));
    expect(answers.map((r) => r.status).sort()).toEqual([303, 422, 422, 422]);
    const [row] = await sql<{ count: string }>(
      t,
      // Live by the app's clock (the test's, fixed), not the database's.
      `select count(*) from session where principal_type = 'staff' and principal_id = ? and expires_at > ?`,
      [m.id, clock.now],
    );
    // The enrolling browser's session, and one more.
    expect(Number(row!.count)).toBe(2);
  });

  it('takes each recovery code once', async () => {
    const m = await member();
    const { codes } = await enrol(await signedIn(m.email));
    const c = new Client(clocked);
    await c.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    expect((await c.post('/admin/sign-in/code', { code: codes[3]!.toUpperCase().replace(/-/g, ' ') })).status).toBe(303);
    expect((await staffRow(m.id)).recovery_codes).toHaveLength(9);
    const again = new Client(clocked);
    await again.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    const reused = await again.post('/admin/sign-in/code', { code: codes[3]! });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('That recovery code is not right, or it has been used');
    const [entry] = await sql<{ after: { with: string } }>(
      t,
      `select after from audit_log where object_type = 'staff' and object_id = ? and action = 'sign-in' order by id desc limit 1`,
      [String(m.id)],
    );
    expect(entry!.after.with).toBe('recovery-code');
  });

  it('lets the code step lapse after five minutes, and refuses a forged step', async () => {
    const m = await member();
    const { key } = await enrol(await signedIn(m.email));
    const c = new Client(clocked);
    await c.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    later(301);
    const lapsed = await c.post('/admin/sign-in/code', { code: totpCode(key, clock.now) });
    expect(lapsed.status).toBe(422);
    expect(await lapsed.text()).toContain('Your sign-in has expired');
    const forger = new Client(clocked);
    forger.others.set('hb_staff_code', `${m.id}.${clock.now.getTime() + 60_000}.${'A'.repeat(43)}`);
    expect(await (await forger.post('/admin/sign-in/code', { code: totpCode(key, clock.now) })).text()).toContain(
      'Your sign-in has expired',
    );
    expect(forger.cookie).toBe('');
  });

  it('locks the code step after five wrong codes', async () => {
    const m = await member();
    const { key } = await enrol(await signedIn(m.email));
    later(60);
    const c = new Client(clocked);
    await c.post('/admin/sign-in', { email: m.email, password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await c.post('/admin/sign-in/code', { code: String(100000 + i) })).status).toBe(422);
    const locked = await c.post('/admin/sign-in/code', { code: totpCode(key, clock.now) });
    expect(locked.status).toBe(422);
    expect(await locked.text()).toContain('Too many failed sign-ins');
  });

  it('is turned off only with the password, or by an owner for someone else', async () => {
    const m = await member();
    const c = await signedIn(m.email);
    await enrol(c);
    const wrong = await c.post('/admin/account/two-factor/off', { password: 'not my password' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That is not your password');
    expect((await staffRow(m.id)).totp_secret).not.toBeNull();
    expect((await c.post('/admin/account/two-factor/off', { password: PASSWORD })).status).toBe(303);
    expect((await staffRow(m.id)).totp_secret).toBeNull();

    await enrol(c);
    const owner = await member('owner');
    const o = await signedIn(owner.email);
    expect((await o.post(`/admin/staff/${m.id}/two-factor/off`)).status).toBe(303);
    expect(await staffRow(m.id)).toMatchObject({ totp_secret: null, recovery_codes: null });
  });
});

describe('an owner requiring two-factor sign-in for everyone', () => {
  it('sends members without it to turn it on before anything else, and lets them in after', async () => {
    const m = await member('support');
    const c = await signedIn(m.email);
    try {
      await saveSecuritySettings(t.em(), { requireTwoFactor: true });
      const sent = await c.get('/admin/catalogs');
      expect(sent.status).toBe(302);
      expect(sent.headers.get('location')).toBe('/admin/account/two-factor');
      expect((await c.get('/admin/catalogs', { htmx: true })).headers.get('hx-redirect')).toBe('/admin/account/two-factor');
      const page = await (await c.get('/admin/account/two-factor')).text();
      expect(page).toContain('An owner requires two-factor sign-in for everyone here');
      // Read-only support may still turn it on for themselves.
      await enrol(c);
      expect((await c.get('/admin/catalogs')).status).toBe(200);
    } finally {
      await saveSecuritySettings(t.em(), { requireTwoFactor: false });
    }
  });

  it('is set on the staff page by an owner', async () => {
    const owner = await member('owner');
    const o = await signedIn(owner.email);
    try {
      expect((await o.post('/admin/staff/security', { requireTwoFactor: ['0', '1'] })).status).toBe(303);
      const [row] = await sql<{ value: { requireTwoFactor: boolean } }>(t, `select value from setting where key = 'security'`);
      expect(row!.value.requireTwoFactor).toBe(true);
      // The owner has no second factor either: they are sent to turn it on too.
      expect((await o.get('/admin/staff')).headers.get('location')).toBe('/admin/account/two-factor');
    } finally {
      await saveSecuritySettings(t.em(), { requireTwoFactor: false });
    }
  });
});
