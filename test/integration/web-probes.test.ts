import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { startWebProcesses, type WebProcess } from '../helpers/processes.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { FREE_FAILURES } from '../../src/modules/auth/rules/throttle.ts';

// Probes from outside, through real HTTP against two web processes sharing one database.
// A burst of parallel sign-ins: the lockout must count every attempt before its password is
// checked, so no burst tries more passwords than the free ones, whichever process answers.
// A forged Host header: links in emails must never follow it.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let webs: WebProcess[] = [];
let stopWebs: () => Promise<void>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const RIGHT = 'the right password, at last';

/** How a sign-in ended: signed in, refused, locked out, or another HTTP status. */
type Outcome = 'signed-in' | 'wrong' | 'locked' | `${number}`;

async function signIn(i: number, path: string, email: string, password: string): Promise<Outcome> {
  const { base } = webs[i % webs.length]!;
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
  if (res.status === 303) return 'signed-in';
  const html = await res.text();
  if (html.includes('That email and password do not match an account.')) return 'wrong';
  if (html.includes('Too many failed sign-ins for this account.')) return 'locked';
  return `${res.status}`;
}

async function waitForLock(key: string) {
  for (let i = 0; i < 600; i++) {
    const [row] = await sql<{ locked_until: Date | null }>('select locked_until from login_throttle where key = ?', [key]);
    if (row?.locked_until) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${key} was never locked`);
}

/** 59 wrong passwords at once, then (while they are still in flight) the right one. */
async function burst(path: string, email: string, key: string) {
  const wrong = Array.from({ length: 59 }, (_, i) => signIn(i, path, email, `wrong password number ${i}`));
  await waitForLock(key);
  const right = signIn(59, path, email, RIGHT);
  return { wrong: await Promise.all(wrong), right: await right };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await createStaff(em(), { email: 'ana@example.com', password: RIGHT, name: 'Ana', role: 'admin' });
  await sql(`insert into client (email, name, currency, password_hash) values ('ada@example.com', 'Ada', 'USD', ?)`, [
    await hashPassword(RIGHT),
  ]);
  ({ webs, stop: stopWebs } = await startWebProcesses(2, { DATABASE_URL: db.url }));
});
afterAll(async () => {
  await stopWebs();
  await db.drop();
});

describe('a burst of parallel sign-ins', () => {
  it.each([
    ['client', '/account/sign-in', 'ada@example.com'],
    ['staff', '/admin/sign-in', 'ana@example.com'],
  ])('%s: 60 at once check only the free tries, and the right one is refused while locked', async (kind, path, email) => {
    const key = `${kind}:${email}`;
    const { wrong, right } = await burst(path, email, key);
    // Every "do not match" answer is a password that was checked.
    const checked = wrong.filter((o) => o === 'wrong').length;
    expect(checked).toBe(FREE_FAILURES);
    expect(wrong.filter((o) => o !== 'wrong' && o !== 'locked')).toEqual([]);
    expect(right).toBe('locked');
    const [row] = await sql<{ failures: number; locked_until: Date }>('select failures, locked_until from login_throttle where key = ?', [
      key,
    ]);
    expect(row!.failures).toBe(FREE_FAILURES);
    expect(new Date(row!.locked_until).getTime()).toBeGreaterThan(Date.now());
    expect(await sql(`select 1 from session where principal_type = ?`, [kind])).toEqual([]);
  });
});

/** A form post with a Host header of the caller's choosing (fetch would not send it). */
function postWithHost(base: string, path: string, host: string, form: Record<string, string>) {
  const url = new URL(path, base);
  const body = new URLSearchParams(form).toString();
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          host,
          origin: `http://${host}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('a forged Host header', () => {
  it('a password reset asked for through evil.example mails a link to the configured address', async () => {
    const status = await postWithHost(webs[0]!.base, '/account/forgot-password', 'evil.example', { email: 'ada@example.com' });
    expect(status).toBe(200);
    const mails = await sql<{ text: string; html: string }>(`select text, html from mail_message where "to" = 'ada@example.com'`);
    expect(mails).toHaveLength(1);
    // Outside production the configured address defaults to this machine at the web's port.
    expect(mails[0]!.text).toContain(`http://localhost:${new URL(webs[0]!.base).port}/account/reset-password?token=`);
    expect(JSON.stringify(mails)).not.toContain('evil.example');
  });
});
