// A body over the size limit is refused before it is read, with a page in the area's own layout
// (the admin's, the client area's in the visitor's language), bare text for htmx, and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { seedBasics, snapshot } from './fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ ICON_MAX_BYTES: '2048' });
  await seedBasics(t);
});
afterAll(() => t.close());

/** A form post of about 400 KB: over the limit (the icon size plus 256 KB). */
const huge = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.config.PUBLIC_URL, ...headers },
    body: `name=${'x'.repeat(400_000)}`,
  });

describe('a request over the size limit', () => {
  it('gets the admin layout with what to do, under /admin', async () => {
    const before = await snapshot(t);
    const res = await huge('/admin/catalogs');
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('<p>That request is too large.</p>');
    expect(html).toContain('Go back and send less');
    expect(html).toContain('href="/admin"');
    expect(await snapshot(t)).toBe(before);
  });

  it("gets the client area's layout in the visitor's language elsewhere", async () => {
    const res = await huge('/account/sign-up', { 'accept-language': 'de' });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain('<p>Diese Anfrage ist zu groß.</p>');
    expect(html).toContain('href="/account/sign-in"');
  });

  it('is bare text for htmx, which shows it as a toast', async () => {
    const res = await huge('/store/anything/quote', { 'hx-request': 'true' });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('That request is too large.');
  });
});
