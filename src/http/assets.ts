import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { extname, join, resolve } from 'node:path';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Serves files below `dir` whose name is a plain file name; anything else is a 404. */
export function serveDir(dir: string, maxAge: number, opts: { cache?: boolean } = {}) {
  const root = resolve(dir);
  const cache = new Map<string, Buffer>();
  return new Hono().get('/*', async (c) => {
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(c.req.url).pathname.split('/').slice(2).join('/'));
    } catch {
      return c.notFound();
    }
    const path = resolve(join(root, rel));
    const type = TYPES[extname(path).toLowerCase()];
    if (!path.startsWith(root + '/') || !type || !/^[\w\-./]+$/.test(rel) || rel.includes('..')) return c.notFound();
    try {
      const body = cache.get(path) ?? (await readFile(path));
      // NOTE: only files that never change are kept in memory; uploads can be replaced or removed.
      if (opts.cache && body.length < 1_000_000) cache.set(path, body);
      return c.body(new Uint8Array(body), 200, {
        'content-type': type,
        'cache-control': `public, max-age=${maxAge}`,
        'x-content-type-options': 'nosniff',
      });
    } catch {
      return c.notFound();
    }
  });
}

export const assets = () => serveDir(PUBLIC_DIR, 3600, { cache: true });
