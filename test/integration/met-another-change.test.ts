import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { db } from '../../src/db/database.ts';
import { onError } from '../../src/http/errors.tsx';
import { onClientError } from '../../src/http/client/errors.tsx';
import type { Env } from '../../src/http/types.ts';
import { redirectLogs } from '../../src/observability/log.ts';

// What PostgreSQL says when a change meets another at the same moment (a foreign key whose row
// went meanwhile, a deadlock) is answered 409 "try again", not 500, by both error pages and the
// API. The errors here are PostgreSQL's own, raised by real statements.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let lines: { level: string; msg: string }[] = [];
let restoreLogs: () => void;
beforeAll(async () => {
  t = await createTestDatabase();
  restoreLogs = redirectLogs({ write: (line) => lines.push(JSON.parse(line) as { level: string; msg: string }) });
});
afterAll(async () => {
  restoreLogs();
  await t.drop();
});
const logged = () => {
  const seen = lines.map((l) => `${l.level}:${l.msg}`);
  lines = [];
  return seen;
};

const orphan = () => db(t.orm.em.fork()).insertInto('package').values({ catalog_id: 999_999, name: 'Orphan', slug: 'orphan' }).execute();
const deadlock = () => t.orm.em.fork().execute(`do $$ begin raise exception 'deadlock detected' using errcode = '40P01'; end $$`);
const twice = async () => {
  const code = `D${Math.random().toString(36).slice(2, 4).toUpperCase()}`;
  for (let i = 0; i < 2; i++) await t.orm.em.fork().execute(`insert into currency (code, name, rate) values ('${code}', 'Twice', 1)`);
};
const broken = () => t.orm.em.fork().execute('select * from no_such_table');

function appWith(handler: typeof onError) {
  const app = new Hono<Env>();
  app.onError(handler);
  for (const [path, run] of Object.entries({ orphan, deadlock, twice, broken }))
    for (const prefix of ['/api/v1', '/admin', '/account'])
      app.post(`${prefix}/${path}`, async (c) => {
        await run();
        return c.text('done');
      });
  return app;
}

describe('a change that met another', () => {
  const admin = appWith(onError);
  const client = appWith(onClientError);

  it('is a 409 in the API, saying what to do', async () => {
    const fk = await admin.request('/api/v1/orphan', { method: 'POST' });
    expect(fk.status).toBe(409);
    expect(await fk.json()).toEqual({
      error: {
        status: 409,
        message: 'That record is in use, or something it refers to was removed at the same moment. Reload the page and try again.',
      },
    });
    const dl = await admin.request('/api/v1/deadlock', { method: 'POST' });
    expect(dl.status).toBe(409);
    expect(((await dl.json()) as { error: { message: string } }).error.message).toBe(
      'Someone else changed this at the same moment. Try again.',
    );
    const dup = await admin.request('/api/v1/twice', { method: 'POST' });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { message: string } }).error.message).toBe(
      'That already exists: the same was saved at the same moment. Reload the page to see it.',
    );
    // Seen as warnings, not errors: a safety net that caught a missing lock.
    expect(logged()).toEqual(['warn:a change met another', 'warn:a change met another', 'warn:a change met another']);
  });

  it('is a 409 page in the admin and in the client area', async () => {
    const page = await admin.request('/admin/deadlock', { method: 'POST' });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('Someone else changed this at the same moment. Try again.');
    const mine = await client.request('/account/orphan', { method: 'POST' });
    expect(mine.status).toBe(409);
    expect(await mine.text()).toContain('This was changed elsewhere at the same moment. Please reload the page and try again.');
    expect(logged()).toEqual(['warn:a change met another', 'warn:a change met another']);
  });

  it('leaves any other database error a 500 that says nothing of it', async () => {
    const api = await admin.request('/api/v1/broken', { method: 'POST' });
    expect(api.status).toBe(500);
    expect(JSON.stringify(await api.json())).not.toContain('no_such_table');
    expect((await client.request('/account/broken', { method: 'POST' })).status).toBe(500);
    expect(logged()).toEqual(['error:unexpected error', 'error:unexpected error']);
  });
});
