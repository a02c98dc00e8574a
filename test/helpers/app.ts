import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { attachCache, ChangeCache } from '../../src/db/cache.ts';
import { ChangeFeed } from '../../src/db/change-feed.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Orm } from '../../src/db/orm.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createApiToken } from '../../src/modules/staff/create-api-token.ts';
import type { StaffRole } from '../../src/modules/staff/rules/roles.ts';
import { createTestDatabase } from './db.ts';

export const ORIGIN = 'http://localhost';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  orm: Orm;
  config: Config;
  em: () => ReturnType<Orm['em']['fork']>;
  close: () => Promise<void>;
}

export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const uploads = await mkdtemp(join(tmpdir(), 'hostbill-uploads-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, UPLOAD_DIR: uploads, ...env });
  const app = createApp({ orm: db.orm, config });
  return { app, orm: db.orm, config, em: () => db.orm.em.fork(), close: db.drop };
}

/** A signed-in browser-like client: keeps its session cookie and sends the CSRF token. */
export class Client {
  cookie = '';
  csrf = '';
  /** Other cookies the app set (the two-factor sign-in step's), by name. */
  others = new Map<string, string>();
  constructor(readonly t: TestApp) {}

  async request(path: string, init: RequestInit & { form?: Record<string, string | string[]>; htmx?: boolean } = {}) {
    const headers = new Headers(init.headers);
    const jar = [this.cookie, ...[...this.others].map(([k, v]) => `${k}=${v}`)].filter(Boolean);
    if (jar.length) headers.set('cookie', jar.join('; '));
    if (init.htmx) headers.set('hx-request', 'true');
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      if (this.csrf && !params.has('_csrf')) params.set('_csrf', this.csrf);
      body = params.toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
    const res = await this.t.app.request(`${ORIGIN}${path}`, { ...init, headers, body });
    for (const set of res.headers.getSetCookie()) {
      const [, name, value] = /^([^=]+)=([^;]*)/.exec(set) ?? [];
      if (!name) continue;
      const gone = !value || /max-age=0|expires=Thu, 01 Jan 1970/i.test(set);
      if (name === 'hb_session') this.cookie = gone ? '' : `hb_session=${value}`;
      else if (gone) this.others.delete(name);
      else this.others.set(name, value);
    }
    return res;
  }

  get(path: string, init: { htmx?: boolean } = {}) {
    return this.request(path, { method: 'GET', ...init });
  }

  post(path: string, form: Record<string, string | string[]> = {}, init: RequestInit & { htmx?: boolean } = {}) {
    return this.request(path, { ...init, method: 'POST', form });
  }

  async signIn(email: string, password: string) {
    const res = await this.post('/admin/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const page = await (await this.get('/admin/catalogs')).text();
    this.csrf = /"X-CSRF-Token":"([^"]+)"/.exec(page.replace(/&quot;/g, '"'))?.[1] ?? '';
    return res;
  }
}

let counter = 0;
/** Creates a staff member of the role and returns a client signed in as them. */
export async function staffClient(t: TestApp, role: StaffRole = 'owner') {
  const email = `${role}${++counter}@example.com`;
  const password = 'correct horse battery';
  await createStaff(t.em(), { email, password, name: `${role} ${counter}`, role });
  const client = new Client(t);
  await client.signIn(email, password);
  return client;
}

export async function apiToken(t: TestApp, role: StaffRole = 'owner') {
  const email = `api-${role}${++counter}@example.com`;
  await createStaff(t.em(), { email, password: 'correct horse battery', name: 'API', role });
  return createApiToken(t.em(), email);
}

/** Gives the test app's ORM the change-fed cache a web process has (src/server.ts); stop it after. */
export async function attachTestCache(t: TestApp) {
  const feed = new ChangeFeed(t.config.DATABASE_URL, 100);
  const cache = new ChangeCache(feed);
  attachCache(t.orm.em, cache);
  await feed.start();
  return { feed, cache };
}
