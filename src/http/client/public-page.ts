import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { cacheOf, type Tags } from '../../db/cache.ts';
import type { Env } from '../types.ts';

interface Rendered {
  body: string;
  etag: string;
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
    return { value: { body: html, etag: etagOf(html) } satisfies Rendered, tags };
  };
  const cache = cacheOf(c.var.em);
  const page = cache ? await cache.get(key, build) : (await build()).value;
  c.header('ETag', page.etag);
  c.header('Cache-Control', 'no-cache');
  c.header('Vary', 'Cookie');
  if (matches(c.req.header('if-none-match'), page.etag)) return c.body(null, 304);
  return c.html(page.body);
}

/** Pages with a session's details (CSRF token, the client's prices) are never stored on the way. */
export function privatePage(c: Context<Env>) {
  c.header('Cache-Control', 'private, no-store');
}
