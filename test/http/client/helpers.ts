// A browser-like client for the client area: keeps the hb_client cookie and sends the CSRF token.
import { createApp } from '../../../src/app.ts';
import { ORIGIN, type TestApp } from '../../helpers/app.ts';
import { textOf } from '../fixtures.ts';

type App = { request: (url: string, init?: RequestInit) => Response | Promise<Response> };

export class Browser {
  cookie = '';
  csrf = '';
  lastSetCookie = '';
  constructor(
    readonly t: TestApp,
    public app: App = t.app,
  ) {}

  async request(path: string, init: RequestInit & { form?: Record<string, string | string[]>; htmx?: boolean; csrf?: boolean } = {}) {
    const headers = new Headers(init.headers);
    // The session cookie, next to any other the test sends (the cart's).
    if (this.cookie) headers.set('cookie', [headers.get('cookie'), this.cookie].filter(Boolean).join('; '));
    if (init.htmx) headers.set('hx-request', 'true');
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      if (this.csrf && init.csrf !== false && !params.has('_csrf')) params.set('_csrf', this.csrf);
      body = params.toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
    const res = await this.app.request(`${ORIGIN}${path}`, { ...init, headers, body });
    const set = res.headers.get('set-cookie');
    if (set) {
      this.lastSetCookie = set;
      const m = /hb_client=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `hb_client=${m[1]}` : '';
    }
    return res;
  }

  get(path: string, init: { htmx?: boolean; headers?: Record<string, string> } = {}) {
    return this.request(path, { method: 'GET', ...init });
  }

  post(path: string, form: Record<string, string | string[]> = {}, init: RequestInit & { htmx?: boolean; csrf?: boolean } = {}) {
    return this.request(path, { ...init, method: 'POST', form });
  }

  /** Reads the CSRF token the signed-in pages carry on <body hx-headers>. */
  async refreshCsrf() {
    const page = await textOf(await this.get('/account/profile'));
    this.csrf = /"X-CSRF-Token":"([^"]+)"/.exec(page)?.[1] ?? '';
    return this.csrf;
  }

  async signUp(values: Partial<SignUp> = {}) {
    const res = await this.post('/account/sign-up', { ...signUpValues(), ...values });
    if (res.status !== 303) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    await this.refreshCsrf();
    return res;
  }

  async signIn(email: string, password: string) {
    const res = await this.post('/account/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    await this.refreshCsrf();
    return res;
  }
}

export const PASSWORD = 'a long enough secret';

type SignUp = { name: string; email: string; password: string; country: string; currency: string; language: string };
let n = 0;
export const uniqueEmail = (tag = 'client') => `${tag}-${process.pid}-${++n}@example.com`;
export const signUpValues = (): SignUp => ({
  name: 'Ada Lovelace',
  email: uniqueEmail(),
  password: PASSWORD,
  country: 'GB',
  currency: 'EUR',
  language: 'en',
});

/** The same app on the same database, with the clock at `now`. */
export function appAt(t: TestApp, now: Date, env: Partial<TestApp['config']> = {}) {
  return createApp({ orm: t.orm, config: { ...t.config, ...env }, now: () => now });
}

export async function sql<T = Record<string, unknown>>(t: TestApp, query: string, params: unknown[] = []) {
  return t.orm.em.getConnection().execute<T[]>(query, params);
}

export async function mailsTo(t: TestApp, to: string) {
  return sql<{ id: string; subject: string; html: string; text: string; dedupe_key: string }>(
    t,
    'select id, subject, html, text, dedupe_key from mail_message where "to" = ? order by id',
    [to],
  );
}

/** The password link in an email body. */
export function linkIn(body: string): string {
  const m = /https?:\/\/[^\s"<]+\/account\/reset-password\?token=[\w%-]+/.exec(body);
  if (!m) throw new Error(`no password link in: ${body}`);
  return m[0];
}

/** The message shown under a field (views/components/form.tsx ties it with id f-<name>-error). */
export function fieldError(html: string, field: string, prefix = 'f'): string | undefined {
  return new RegExp(`id="${prefix}-${field}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
}

/** Every visible control's id that has no <label for> on the page. */
export function unlabelled(html: string): string[] {
  const labels = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
  const controls = [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)].filter((m) => !/type="hidden"/.test(m[2]!));
  return controls.map((m) => /id="([^"]+)"/.exec(m[2]!)?.[1] ?? `(no id) ${m[0]}`).filter((id) => !labels.has(id));
}

export async function clientCount(t: TestApp) {
  return (await sql<{ n: number }>(t, 'select count(*)::int as n from client'))[0]!.n;
}

export async function clientIdOf(t: TestApp, email: string) {
  return (await sql<{ id: number }>(t, 'select id from client where email = ?', [email.toLowerCase()]))[0]!.id;
}

/** A paid order (one line, quantity 2), its invoice and an active service, inserted with SQL. */
export async function addBilling(t: TestApp, clientId: number, packageId: number, opts: { total: string; priceId?: number | null }) {
  const [order] = await sql<{ id: number }>(
    t,
    `insert into client_order (client_id, status, currency, expires_at, paid_at) values (?, 'paid', 'USD', now() + interval '30 minutes', now()) returning id`,
    [clientId],
  );
  await sql(t, `insert into order_line (order_id, package_id, price_id, quantity, snapshot) values (?, ?, ?, 2, '{}')`, [
    order!.id,
    packageId,
    opts.priceId ?? null,
  ]);
  const [invoice] = await sql<{ id: number }>(
    t,
    `insert into invoice (client_id, order_id, status, currency, subtotal, tax, total, due_date, paid_at) values (?, ?, 'paid', 'USD', ?, 0, ?, '2026-01-15', now()) returning id`,
    [clientId, order!.id, opts.total, opts.total],
  );
  const [service] = await sql<{ id: number }>(
    t,
    `insert into service (client_id, package_id, price_id, status, next_due_date) values (?, ?, ?, 'active', '2026-02-15') returning id`,
    [clientId, packageId, opts.priceId ?? null],
  );
  return { orderId: order!.id, invoiceId: invoice!.id, serviceId: service!.id };
}
