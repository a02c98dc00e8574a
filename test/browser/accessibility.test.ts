// The accessibility audit every browser test runs: it reports a page with known violations (so it
// cannot silently audit nothing), and the main pages of the store, the client area and the staff
// area have no serious or critical violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { seedBasics } from '../http/fixtures.ts';
import { storePackage } from '../http/store/helpers.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const STAFF = 'axe@example.com';
const PASSWORD = 'a long enough secret';

let t: TestApp;
let b: OpenBrowser;
let slug = '';

shotsOnFailure('accessibility', () => b?.page);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  slug = (await storePackage(t, catalogId, 'Audit VPS', { description: '<p>2 vCPU, 4 GB RAM.</p>' })).slug;
  await createStaff(t.em(), { email: STAFF, password: PASSWORD, name: 'Ada Audit', role: 'owner' });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('the accessibility audit', () => {
  it('reports an image without alt text and an input without a label, with the page and the element', async () => {
    const html =
      '<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1><img src="x.png"><input id="nameless" type="text"></main></body></html>';
    await b.page.goto(`data:text/html,${encodeURIComponent(html)}`);
    const found = await b.a11y.take();
    const byRule = new Map(found.map((v) => [v.rule, v]));
    expect(byRule.get('image-alt')).toMatchObject({ impact: 'critical', targets: ['img'] });
    expect(byRule.get('label')).toMatchObject({ impact: 'critical', targets: ['#nameless'] });
    expect(byRule.get('label')!.url).toMatch(/^data:text\/html/);
  });

  it('audits a page without JavaScript too', async () => {
    const plain = await openBrowser(t, { javaScript: false });
    try {
      await plain.page.goto(
        `data:text/html,${encodeURIComponent('<!doctype html><html lang="en"><head><title>Plain</title></head><body><main><h1>Plain</h1><img src="x.png"></main></body></html>')}`,
      );
      expect((await plain.a11y.take()).map((v) => v.rule)).toEqual(['image-alt']);
    } finally {
      await plain.close();
    }
  });

  it('audits a page changed by an htmx swap apart from the page it was', async () => {
    const { page, base } = b;
    await page.goto(`${base}/store/${slug}`);
    await b.a11y.take();
    // The same page again, unchanged, is not audited twice; one broken in place is.
    await page.goto(`${base}/store/${slug}`);
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="x.png">'));
    await b.a11y.audit();
    expect((await b.a11y.take()).map((v) => v.rule)).toEqual(['image-alt']);
  });

  it('finds no serious or critical violations on the main pages', async () => {
    const { page, base } = b;
    await page.goto(`${base}/store`);
    await page.goto(`${base}/store/${slug}`);
    await page.getByRole('heading', { name: 'Audit VPS' }).waitFor();
    await b.signUpClient('Ada Lovelace', 'ada-axe@example.com');
    await page.goto(`${base}/account`);
    await b.signIn(STAFF, PASSWORD);
    await page.goto(`${base}/admin`);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await page.goto(`${base}/admin/packages`);
    expect(await b.a11y.take()).toEqual([]);
    const audited = b.a11y.audited().map((u) => u.slice(base.length));
    expect(audited).toEqual(expect.arrayContaining(['/store', `/store/${slug}`, '/account', '/admin', '/admin/packages']));
  });
});
