import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { startSmtp } from '../../helpers/smtp.ts';
import { sendMail } from '../../../src/modules/mail/send-mail.ts';
import { smtpTransport } from '../../../src/modules/mail/transport.ts';
import { resendMail } from '../../../src/modules/mail/resend-mail.ts';
import { sha256 } from '../../../src/modules/shared/tokens.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, PASSWORD, appAt, fieldError, linkIn, mailsTo, sql, uniqueEmail } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await seedBasics(t);
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a brand new secret';
const pathOf = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');

async function accountWithResetLink(app?: Browser['app']) {
  const email = uniqueEmail();
  await new Browser(t).signUp({ email });
  const res = await new Browser(t, app).post('/account/forgot-password', { email });
  expect(res.status).toBe(200);
  const mails = await mailsTo(t, email);
  return { email, link: linkIn(mails.at(-1)!.text), mail: mails.at(-1)! };
}

describe('forgot password', () => {
  it('answers the same for known and unknown emails, and only emails the account', async () => {
    const email = uniqueEmail();
    const nobody = uniqueEmail('nobody');
    await new Browser(t).signUp({ email });
    const known = await new Browser(t).post('/account/forgot-password', { email });
    const unknown = await new Browser(t).post('/account/forgot-password', { email: nobody });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const body = (r: string, e: string) => r.replaceAll(e, 'EMAIL');
    expect(body(await known.text(), email)).toBe(body(await unknown.text(), nobody));
    expect(await mailsTo(t, nobody)).toEqual([]);
    const [mail] = await mailsTo(t, email);
    expect(mail!.subject).toBe('Reset your password');
    expect(mail!.html).toContain('Hello Ada Lovelace,');
    expect(mail!.text).toContain('The link works once, for 1 hour.');
    // The link points at the configured address, and only the token's SHA-256 is stored.
    const link = linkIn(mail!.text);
    expect(link.startsWith('http://localhost:3000/account/reset-password?token=')).toBe(true);
    expect(mail!.html).toContain(link);
    const token = new URL(link).searchParams.get('token')!;
    const [row] = await sql<{ token_hash: string; purpose: string; expires_at: Date; created_at: Date }>(
      t,
      'select pt.* from password_token pt join client c on c.id = pt.client_id where c.email = ?',
      [email],
    );
    expect(row!.token_hash).toBe(sha256(token));
    expect(row!.purpose).toBe('reset');
    expect(new Date(row!.expires_at).getTime() - new Date(row!.created_at).getTime()).toBe(3600_000);
    expect(JSON.stringify(await sql(t, 'select * from password_token'))).not.toContain(token);
  });

  it('refuses a malformed email next to the field', async () => {
    const res = await new Browser(t).post('/account/forgot-password', { email: 'nope' });
    expect(res.status).toBe(422);
    expect(fieldError(await textOf(res), 'email')).toBe('Enter an email address like name@example.com.');
  });

  it('sends at most three reset emails an hour per account, answering the same', async () => {
    const email = uniqueEmail();
    await new Browser(t).signUp({ email });
    for (let i = 0; i < 5; i++) expect((await new Browser(t).post('/account/forgot-password', { email })).status).toBe(200);
    expect(await mailsTo(t, email)).toHaveLength(3);
  });

  it('sends at most three also when the requests come in a burst at once', async () => {
    const email = uniqueEmail();
    await new Browser(t).signUp({ email });
    const answers = await Promise.all(Array.from({ length: 12 }, () => new Browser(t).post('/account/forgot-password', { email })));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    expect(await mailsTo(t, email)).toHaveLength(3);
  });

  it('never takes the link from the Host header: a forged one still gets the configured address', async () => {
    const email = uniqueEmail();
    await new Browser(t).signUp({ email });
    const res = await new Browser(t).post(
      '/account/forgot-password',
      { email },
      { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } },
    );
    expect(res.status).toBe(200);
    const [mail] = await mailsTo(t, email);
    expect(mail!.text).toContain(`${t.config.PUBLIC_URL}/account/reset-password?token=`);
    expect(`${mail!.text}${mail!.html}`).not.toContain('evil.example');
    expect(t.config.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('uses PUBLIC_URL for the link when it is set', async () => {
    const app = appAt(t, new Date(), { PUBLIC_URL: 'https://billing.example.com' });
    const { link } = await accountWithResetLink(app);
    expect(link.startsWith('https://billing.example.com/account/reset-password?token=')).toBe(true);
  });
});

describe('reset password', () => {
  it('sets the new password once, signs in, and ends the other sessions', async () => {
    const { email, link } = await accountWithResetLink();
    const elsewhere = new Browser(t);
    await elsewhere.signIn(email, PASSWORD);
    const b = new Browser(t);
    const form = await b.get(pathOf(link));
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Choose a new password');
    const short = await b.post('/account/reset-password', { token: new URL(link).searchParams.get('token')!, password: 'short' });
    expect(short.status).toBe(422);
    expect(fieldError(await textOf(short), 'password')).toBe('Use at least 10 characters.');
    const res = await b.post('/account/reset-password', { token: new URL(link).searchParams.get('token')!, password: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/services?password=1');
    expect(await textOf(await b.get('/account/services?password=1'))).toContain('Your password is set, and you are signed in.');
    expect((await elsewhere.get('/account/services')).status).toBe(302);
    expect((await new Browser(t).post('/account/sign-in', { email, password: PASSWORD })).status).toBe(422);
    expect((await new Browser(t).post('/account/sign-in', { email, password: NEW_PASSWORD })).status).toBe(303);
    // Used: refused with a clear sentence, on the page and on submit.
    const again = await new Browser(t).get(pathOf(link));
    expect(again.status).toBe(410);
    expect(await textOf(again)).toContain('That link has already been used. Ask for a new one below.');
    const replay = await new Browser(t).post('/account/reset-password', {
      token: new URL(link).searchParams.get('token')!,
      password: 'yet another secret',
    });
    expect(replay.status).toBe(422);
    expect(await textOf(replay)).toContain('That link has already been used.');
    expect((await new Browser(t).post('/account/sign-in', { email, password: NEW_PASSWORD })).status).toBe(303);
  });

  it('works for a visitor who is signed in (as anyone), rotating their session', async () => {
    const { email, link } = await accountWithResetLink();
    const b = new Browser(t);
    await b.signUp();
    const before = b.cookie;
    expect((await b.post('/account/forgot-password', { email })).status).toBe(200);
    const form = await textOf(await b.get(pathOf(link)));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    expect(csrf).toBe(b.csrf);
    const res = await b.post('/account/reset-password', { token: new URL(link).searchParams.get('token')!, password: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect(b.cookie).not.toBe(before);
    expect(await textOf(await b.get('/account/profile'))).toContain(`value="${email}"`);
  });

  it('lets only one of two simultaneous uses of a link through', async () => {
    const { link } = await accountWithResetLink();
    const token = new URL(link).searchParams.get('token')!;
    const results = await Promise.all(
      [0, 1, 2].map((i) => new Browser(t).post('/account/reset-password', { token, password: `racing secret ${i}` })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 422, 422]);
  });

  it('refuses an expired link and a made-up one', async () => {
    const { email, link } = await accountWithResetLink();
    const token = new URL(link).searchParams.get('token')!;
    const later = new Browser(t, appAt(t, new Date(Date.now() + 61 * 60_000)));
    const page = await later.get(pathOf(link));
    expect(page.status).toBe(410);
    expect(await textOf(page)).toContain('That link has expired. Ask for a new one below.');
    const post = await later.post('/account/reset-password', { token, password: NEW_PASSWORD });
    expect(post.status).toBe(422);
    expect(await textOf(post)).toContain('That link has expired.');
    expect((await new Browser(t).post('/account/sign-in', { email, password: PASSWORD })).status).toBe(303);
    // Just inside the hour it still works.
    const sooner = new Browser(t, appAt(t, new Date(Date.now() + 58 * 60_000)));
    expect((await sooner.get(pathOf(link))).status).toBe(200);
    for (const bad of ['made-up', '', 'x'.repeat(500), 'a\u0000b']) {
      const res = await new Browser(t).post('/account/reset-password', { token: bad, password: NEW_PASSWORD });
      expect(res.status, bad.slice(0, 10)).toBe(422);
    }
    expect((await new Browser(t).get('/account/reset-password?token=made-up')).status).toBe(410);
  });

  it('delivers the reset email through a real SMTP server', async () => {
    const smtp = await startSmtp();
    const transport = smtpTransport(smtp.url);
    try {
      const { email, link, mail } = await accountWithResetLink();
      expect(await sendMail(t.em(), transport, Number(mail.id), 'Hostbill <billing@example.com>', new Date())).toBe('sent');
      expect(await sendMail(t.em(), transport, Number(mail.id), 'Hostbill <billing@example.com>', new Date())).toBe('already-sent');
      expect(smtp.received).toHaveLength(1);
      const got = smtp.received[0]!;
      expect(got.to).toEqual([email]);
      expect(got.subject).toBe('Reset your password');
      const decoded = got.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      expect(decoded).toContain(link);
      expect(decoded).toContain('Content-Type: text/html');
      expect(decoded).toContain('Content-Type: text/plain');
      // Delivered, the link's token is gone from the stored copy: reading the table opens nothing.
      const token = new URL(link).searchParams.get('token')!;
      const [row] = await sql<{ html: string; text: string; secret: string | null }>(
        t,
        'select html, text, secret from mail_message where id = ?',
        [mail.id],
      );
      expect(JSON.stringify(row)).not.toContain(token);
      expect(row!.secret).toBeNull();
      expect(row!.text).toContain('/account/reset-password?token=removed-once-sent');
      expect(row!.html).toContain('/account/reset-password?token=removed-once-sent');
      // Nor can staff send the dead link again.
      const resend = await resendMail(t.em(), Number(mail.id)).catch((err: Error) => err);
      expect(resend).toBeInstanceOf(Error);
      expect((resend as Error).message).toContain('send a new password or invitation link instead');
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});
