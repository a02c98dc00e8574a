import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import { parse as parseCookie } from 'hono/utils/cookie';
import { cacheOf, type Tags } from '../../db/cache.ts';
import { calendarDateOf } from '../../modules/shared/dates.ts';
import type { AppDeps, Env } from '../types.ts';
import { CLIENT_COOKIE } from '../middleware/client-session.ts';
import { pickUiLanguage } from '../../i18n/pick-language.ts';
import { currentLanguage } from '../../i18n/locale.ts';
import type { UiLanguage } from '../../i18n/i18n.ts';
import { STORE_DEFAULT_LANGUAGE_KEY } from '../../modules/settings/list-languages.ts';
import { requestIdFor, type observeAnswered } from '../../observability/observe-requests.ts';

export interface Rendered {
  body: string;
  /** The body as UTF-8, encoded once rather than on every answer. */
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
  language: UiLanguage;
}

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * A page every visitor without a session sees alike (the store), served from the ORM's change
 * cache when there is one: rendered once per change of what it shows, then sent as bytes, with
 * an ETag so a browser revalidating gets a 304.
 * NOTE: `Vary: Cookie` and `no-cache` keep a shared cache from giving it to a signed-in client
 * and make browsers ask again each time (cheap: a 304 or bytes from memory). The key must carry
 * everything the page depends on beyond its tags (the slug, the day for pro-rata prices).
 */
export async function publicPage(c: Context<Env>, key: string, render: () => Promise<{ html: string; tags: Tags }>) {
  const build = async () => {
    const { html, tags } = await render();
    return {
      value: { body: html, bytes: new TextEncoder().encode(html), etag: etagOf(html), language: currentLanguage() } satisfies Rendered,
      tags,
    };
  };
  const cache = cacheOf(c.var.em);
  return sendPublic(c, cache ? await cache.get(key, build) : (await build()).value);
}

/** The headers of a public page's answer, whichever way it is sent. */
const pageHeaders = (page: Rendered) => ({
  etag: page.etag,
  'cache-control': 'no-cache',
  vary: 'Cookie, Accept-Language',
  'content-language': page.language,
});

function sendPublic(c: Context, page: Rendered) {
  for (const [name, value] of Object.entries(pageHeaders(page))) c.header(name, value);
  if (matches(c.req.header('if-none-match'), page.etag)) return c.body(null, 304);
  return c.html(page.body);
}

/** The cache key of a public store page: the listing, or a package's page by slug, on a day, in a language. */
export const storePageKey = (now: Date, language: UiLanguage, slug?: string) =>
  slug === undefined ? `store:${language}:${calendarDateOf(now)}` : `store:${language}:${calendarDateOf(now)}:${slug}`;

const STORE_PATH = /^\/store(?:\/([a-z0-9-]{1,100}))?$/;

/** How an answer sent from memory is timed and logged (observeRequests' part for it). */
export type Observe = ReturnType<typeof observeAnswered>;

/**
 * The fast way for a visitor without a session to a store page already rendered: answered
 * before routing, before the request gets an EntityManager, a session lookup or anything else,
 * since none of it would change the bytes. It answers synchronously, so the HTTP server writes
 * the answer at once. Anything else (a miss, a query string, a client's cookie, the first
 * request of the process) is `undefined`: the app's routes take it, render and store the page.
 * NOTE: the answer carries every header the usual way would (`securityHeaders`, the page
 * middleware run once at start) as a plain object: a Headers object per answer would cost a
 * third of the throughput under a sale. Timing and request ids are `observe`'s, as for any answer.
 */
export function publicPagesFromMemory(
  deps: AppDeps,
  securityHeaders: () => Promise<Record<string, string>>,
  observe: Observe,
): (req: Request) => Response | undefined {
  let security: Record<string, string> | undefined;
  void securityHeaders().then((headers) => (security = headers));
  return (req) => {
    const method = req.method;
    if ((method !== 'GET' && method !== 'HEAD') || !security) return undefined;
    const url = req.url;
    // The path with its query string, if any: a query goes the usual way, as the pattern refuses it.
    const m = STORE_PATH.exec(url.slice(url.indexOf('/', url.indexOf('//') + 2)));
    if (!m) return undefined;
    const start = performance.now();
    const cookies = req.headers.get('cookie');
    if (cookies && parseCookie(cookies, CLIENT_COOKIE)[CLIENT_COOKIE] !== undefined) return undefined;
    const cache = cacheOf(deps.orm.em);
    // The visitor's language as the session middleware would pick it; before the store default is
    // cached (the first visit), the usual way reads it.
    const storeDefault = cache?.peek<string | null>(STORE_DEFAULT_LANGUAGE_KEY, { count: false });
    if (storeDefault === undefined) return undefined;
    const language = pickUiLanguage({ acceptLanguage: req.headers.get('accept-language'), storeDefault });
    const page = cache!.peek<Rendered>(storePageKey(deps.now ? deps.now() : new Date(), language, m[1]));
    if (!page) return undefined;
    const requestId = requestIdFor(req.headers.get('x-request-id'));
    const headers: Record<string, string> = { ...security, ...pageHeaders(page), 'x-request-id': requestId };
    const route = m[1] === undefined ? '/store' : '/store/:slug';
    const fresh = matches(req.headers.get('if-none-match') ?? undefined, page.etag);
    const status = fresh ? 304 : 200;
    observe({ method, route, status, requestId }, start);
    if (fresh) return new Response(null, { status, headers });
    headers['content-type'] = 'text/html; charset=UTF-8';
    return new Response(method === 'HEAD' ? null : page.bytes, { status, headers });
  };
}

/** The headers `middleware` adds to an answer, read once from a throwaway app. */
export function headersOf(middleware: MiddlewareHandler): () => Promise<Record<string, string>> {
  let read: Promise<Record<string, string>> | undefined;
  return () =>
    (read ??= Promise.resolve(
      new Hono()
        .use(middleware)
        .get('/', (c) => c.body(null, 204))
        .request('/'),
    ).then((res) => {
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => (headers[name] = value));
      return headers;
    }));
}

/** Pages with a session's details (CSRF token, the client's prices) are never stored on the way. */
export function privatePage(c: Context<Env>) {
  c.header('Cache-Control', 'private, no-store');
}
