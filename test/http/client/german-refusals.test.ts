// A client reading German is refused in German: every form of the client area, the store and the
// sign-in pages, posted with junk in each field in turn, answers with no English sentence beside
// the fields (an untranslated one, or one half translated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { seedAccount } from '../../helpers/client-account.ts';
import { postForms, seedBasics, textOf } from '../fixtures.ts';
import { appAt, Browser, sql } from './helpers.ts';
import { addOsGroup, shopper, storePackage } from '../store/helpers.ts';

let t: TestApp;
let pkg = { id: 0, slug: '' };
const NOW = new Date('2026-11-20T12:00:00Z');
beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'Cloud VPS', { allowQuantity: '1', stock: 3 });
  await addOsGroup(t, pkg.id);
});
afterAll(() => t.close());

const JUNK = ['', 'ZZZ', '-1', 'x'.repeat(3000), '99999999999', 'a@', '0', '1.23456', '<b>'];
/** The sentences shown as errors: field messages and alerts. */
const refusals = (html: string) =>
  [...html.matchAll(/<(p|div|span)\b[^>]*(?:class="(?:error|field-error)[^"]*"|role="alert")[^>]*>([\s\S]*?)<\/\1>/g)]
    .map((m) =>
      m[2]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
const ENGLISH = /\b(the|one|of|to|is|are|must|choose|enter|use|please|that|this|your|an|at|least|most)\b/i;

/** Posts every form on each page with junk in one field at a time; returns the English refusals, with where they came from. */
async function englishRefusals(b: Browser, pages: string[], headers: Record<string, string>, accepted = async () => {}) {
  const found: string[] = [];
  for (const page of pages) {
    const html = await textOf(await b.get(page, { headers }));
    for (const form of postForms(html).filter((f) => !f.action.endsWith('/sign-out'))) {
      for (const field of Object.keys(form.fields).filter((f) => f !== '_csrf')) {
        for (const junk of JUNK) {
          const res = await b.post(form.action, { ...form.fields, [field]: junk }, { headers });
          expect(res.status, `${form.action} ${field}`).toBeLessThan(500);
          if (res.status < 400) await accepted();
          for (const sentence of refusals(await textOf(res)))
            if (ENGLISH.test(sentence)) found.push(`${sentence} (${form.action}, ${field}=${junk.slice(0, 12)})`);
        }
      }
    }
  }
  return [...new Set(found)];
}

describe('refusals in German', () => {
  it("a German client's profile, password, store, cart and service forms", async () => {
    const s = await shopper(t, { currency: 'EUR', country: 'DE', language: 'de' }, appAt(t, NOW));
    const a = await seedAccount(t, s.id, pkg.id);
    const pages = ['/account/profile', '/account/password', `/store/${pkg.slug}`, `/account/services/${a.serviceId}`, '/cart'];
    // Junk the profile takes (a blank language is the store's, English) is undone, so the client keeps reading German.
    const german = () => sql(t, `update client set language = 'de' where id = ?`, [s.id]).then(() => undefined);
    expect(await englishRefusals(s.b, pages, {}, german)).toEqual([]);
  }, 120_000);

  it('the sign-up, sign-in and forgotten-password pages for a German browser', async () => {
    const pages = ['/account/sign-up', '/account/sign-in', '/account/forgot-password'];
    expect(await englishRefusals(new Browser(t), pages, { 'accept-language': 'de' })).toEqual([]);
  }, 120_000);
});
