// The client's change-package pages: the link on the service page, choices, the htmx preview and
// its no-JavaScript twin, confirmation to an invoice or a credit, and junk answered next to fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { saveLanguage } from '../../../src/modules/settings/save-language.ts';
import { formSubmission, textOf } from '../fixtures.ts';
import { appAt, fieldError, sql, unlabelled } from './helpers.ts';
import { shopper } from '../store/helpers.ts';
import { activeService, scalingStore, type ScalingStore } from '../../integration/scaling-fixtures.ts';
import { saveCoupon } from '../../../src/modules/coupons/save-coupon.ts';
import { saveVariantOption } from '../../../src/modules/catalog/save-variant-option.ts';
import { removeVariantOption } from '../../../src/modules/catalog/remove-variant.ts';

let t: TestApp;
let s: ScalingStore;
const NOW = new Date('2026-01-17T10:00:00Z');
const em = () => t.em();
const q = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => sql<T>(t, query, params);

beforeAll(async () => {
  t = await makeTestApp();
  s = await scalingStore(em);
  await saveLanguage(em(), { code: 'en', name: 'English', isDefault: '1' });
});
afterAll(() => t.close());

/** A signed-in client (DE, USD) with a Basic service ordered Jan 1, browsing on Jan 17. */
async function withService(packageId = s.basic, optionIds?: number[]) {
  const c = await shopper(t, { currency: 'USD', country: 'DE', language: 'en' }, appAt(t, NOW));
  const { serviceId } = await activeService(em, q, packageId, '2026-01-01', { clientId: c.id, optionIds });
  return { ...c, serviceId, base: `/account/services/${serviceId}/change` };
}

const proChoice = (shown: number | string) => ({
  shown: String(shown),
  packageId: String(s.pro),
  priceName: 'Monthly',
  [`options[${s.os.groupId}]`]: String(s.os.linux),
});
const hidden = (html: string, name: string) => new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`).exec(html)?.[1];
/** The confirmation fields the preview put in its form: what the client saw. */
const seen = (html: string) =>
  Object.fromEntries(['expectedNet', 'expectedTotal', 'expectedCurrency', 'effectiveDate'].map((k) => [k, hidden(html, k)!]));

describe('the service page', () => {
  it('links to the change page when the package has targets and the service is active, and not otherwise', async () => {
    const { b, serviceId } = await withService();
    const page = await textOf(await b.get(`/account/services/${serviceId}`));
    expect(page).toContain(`href="/account/services/${serviceId}/change"`);
    const lone = await withService(s.mini);
    expect(await textOf(await lone.b.get(`/account/services/${lone.serviceId}`))).not.toContain('Change package');
    await q(`update service set status = 'suspended' where id = ?`, [serviceId]);
    expect(await textOf(await b.get(`/account/services/${serviceId}`))).not.toContain('Change package');
    const change = await b.get(`/account/services/${serviceId}/change`);
    expect(change.status).toBe(200);
    expect(await textOf(change)).toContain('A suspended service cannot change package.');
  });
});

describe('a service cancelled at the end of its term', () => {
  it('offers no change, and a preview or confirmation posted anyway is refused, nothing stored', async () => {
    const { b, serviceId, base } = await withService();
    // A preview seen before the cancellation, confirmed after it.
    const seenBefore = seen(await textOf(await b.post(`${base}/preview`, proChoice(s.pro))));
    await q(`update service set cancel_at = '2026-02-01' where id = ?`, [serviceId]);
    expect(await textOf(await b.get(`/account/services/${serviceId}`))).not.toContain(`href="${base}"`);
    const page = await b.get(base);
    expect(page.status).toBe(200);
    expect(await textOf(page)).toContain('This service ends on 2026-02-01, as cancelled: it cannot change package.');
    // The preview answers with the page and its reason, and nothing to confirm.
    const preview = await textOf(await b.post(`${base}/preview`, proChoice(s.pro)));
    expect(preview).toContain('This service ends on 2026-02-01, as cancelled: it cannot change package.');
    expect(preview).not.toContain('id="change-confirm"');
    const confirm = await b.post(`${base}/confirm`, { ...proChoice(s.pro), ...seenBefore });
    expect(confirm.status).toBe(409);
    expect(await textOf(confirm)).toContain('This service ends on 2026-02-01, as cancelled: it cannot change package.');
    expect(await q('select id from service_change where service_id = ?', [serviceId])).toEqual([]);
    expect(await q('select package_id from service where id = ?', [serviceId])).toEqual([{ package_id: s.basic }]);
  });
});

describe('choosing and previewing', () => {
  it('shows the preview at once when there is a single package to move to (no JavaScript needed)', async () => {
    const c = await shopper(t, { currency: 'USD', country: 'DE', language: 'en' }, appAt(t, NOW));
    const { serviceId } = await activeService(em, q, s.free, '2026-01-01', { clientId: c.id, priceName: 'Free' });
    const page = await textOf(await c.b.get(`/account/services/${serviceId}/change`));
    expect(page).toContain('id="change-preview"');
    expect(page).toContain('Web Free → Web Basic (Monthly)');
    expect(page).toContain('id="change-confirm"');
  });

  it('lists the active targets with labelled choices and previews nothing until asked', async () => {
    const { b, base } = await withService();
    const page = await textOf(await b.get(base));
    expect(unlabelled(page)).toEqual([]);
    for (const name of ['Web Pro', 'Web Plus', 'Web Mini', 'Web Free', 'Web Scarce']) expect(page).toContain(`>${name}<`);
    expect(page).not.toContain('Web Retired');
    expect(page).not.toContain('Mail Box');
    expect(page).not.toContain('id="change-preview"');
    expect(page).toContain(`hx-post="${base}/preview"`);
  });

  it('htmx: the preview swaps the panel with the credit and charge lines, the total and what to confirm', async () => {
    const { b, base } = await withService();
    const res = await b.post(`${base}/preview`, proChoice(s.pro), { htmx: true });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html.startsWith('<div id="change-panel"')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).toContain('Unused Web Basic (Monthly), 2026-01-17 to 2026-01-31 (15/31 days)');
    expect(html).toContain('-4.8387 USD');
    expect(html).toContain('9.6774 USD');
    expect(html).toMatch(/id="change-total">5\.76 USD</);
    expect(html).toContain('2026-02-01 (unchanged)');
    expect(hidden(html, 'expectedNet')).toBe('4.8387');
    expect(hidden(html, 'expectedTotal')).toBe('5.7600');
    expect(hidden(html, 'expectedCurrency')).toBe('USD');
    expect(hidden(html, 'effectiveDate')).toBe('2026-01-17');
    expect(hidden(html, `options[${s.os.groupId}]`)).toBe(String(s.os.linux));
    expect(html).toContain('Confirm and pay 5.76 USD');
  });

  it('without JavaScript the same post renders the whole page with the preview', async () => {
    const { b, base } = await withService();
    const html = await textOf(await b.post(`${base}/preview`, proChoice(s.pro)));
    expect(html).toContain('<html');
    expect(html).toMatch(/id="change-total">5\.76 USD</);
  });

  it('picking another package starts it from its first price and options, without complaints', async () => {
    const { b, base } = await withService();
    const res = await b.post(`${base}/preview`, { shown: String(s.plus), packageId: String(s.pro), priceName: 'Nonsense' }, { htmx: true });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toMatch(new RegExp(`id="option-${s.os.linux}" name="options\\[${s.os.groupId}\\]" value="${s.os.linux}" checked`));
    expect(html).toContain('id="change-preview"');
  });

  it('answers junk next to the field with a 422, never a 500', async () => {
    const { b, base } = await withService();
    const cases: [Record<string, string>, string, string][] = [
      [{ shown: 'x', packageId: 'abc' }, 'packageId', 'Choose one of the packages shown.'],
      [
        { shown: String(s.stranger), packageId: String(s.stranger), priceName: 'Monthly' },
        'packageId',
        'Choose one of the packages shown.',
      ],
      [{ ...proChoice(s.pro), priceName: 'Weekly' }, 'priceName', 'Choose one of the pricing options shown.'],
      [{ ...proChoice(s.pro), [`options[${s.os.groupId}]`]: '999999' }, `options-${s.os.groupId}`, 'Choose one OS.'],
      [
        { ...proChoice(s.pro), priceName: 'Annual', [`options[${s.os.groupId}]`]: String(s.os.windows) },
        `options-${s.os.groupId}`,
        'OS: Windows is not available with the Annual pricing option.',
      ],
    ];
    for (const [form, field, message] of cases) {
      for (const htmx of [true, false]) {
        const res = await b.post(`${base}/preview`, form, { htmx });
        expect(res.status, JSON.stringify(form)).toBe(422);
        expect(fieldError(await textOf(res), field), JSON.stringify(form)).toBe(message);
      }
    }
    expect((await b.post(`${base}/preview`, { packageId: `${s.pro}\u0000` })).status).toBe(422);
    expect((await b.post(`${base}/confirm`, { packageId: 'x', expectedNet: 'lots', effectiveDate: 'soon' })).status).toBe(422);
    expect(await q('select count(*)::int as n from service_change')).toEqual([{ n: 0 }]);
  });

  it("404s another client's service and junk ids", async () => {
    const mine = await withService();
    const other = await withService();
    for (const path of [`/account/services/${mine.serviceId}/change`, '/account/services/abc/change'])
      expect((await other.b.get(path)).status).toBe(404);
    expect((await other.b.post(`${mine.base}/preview`, proChoice(s.pro))).status).toBe(404);
    expect(
      (
        await other.b.post(`${mine.base}/confirm`, {
          ...proChoice(s.pro),
          expectedNet: '4.8387',
          expectedTotal: '5.7600',
          expectedCurrency: 'USD',
          effectiveDate: '2026-01-17',
        })
      ).status,
    ).toBe(404);
  });
});

describe('confirming', () => {
  it('an upgrade goes to its invoice with the pay buttons; the service page shows the change waiting for it', async () => {
    const { b, base, serviceId } = await withService();
    const preview = await textOf(await b.post(`${base}/preview`, proChoice(s.pro), { htmx: true }));
    const res = await b.post(`${base}/confirm`, { ...proChoice(s.pro), ...seen(preview) });
    expect(res.status).toBe(303);
    const to = res.headers.get('location')!;
    expect(to).toMatch(/^\/account\/invoices\/\d+$/);
    const invoice = await textOf(await b.get(to));
    expect(invoice).toContain('Unused Web Basic (Monthly)');
    expect(invoice).toMatch(/id="invoice-total">5\.76 USD</);
    expect(invoice).toContain('Pay with the test gateway');
    const page = await textOf(await b.get(`/account/services/${serviceId}`));
    expect(page).toContain(`A move to <strong>Web Pro</strong> (Monthly) is waiting for payment`);
    // The invoice named by its number, as on the invoice itself.
    const number = (await q<{ number: string }>('select number from invoice where id = ?', [Number(to.split('/').pop())]))[0]!.number;
    expect(number).toMatch(/^INV-\d{4}-\d{4}$/);
    expect(page).toContain(`<a href="${to}">invoice ${number}</a>`);
  });

  it('without JavaScript, a choice edited after its preview is not confirmed as previewed: it is refused with its own preview', async () => {
    const { b, base, serviceId } = await withService();
    // Previewed with Linux; Windows ticked after, and the confirm button pressed without previewing again.
    const preview = await textOf(await b.post(`${base}/preview`, proChoice(s.pro)));
    const edited = { ...formSubmission(preview, 'change-form'), [`options[${s.os.groupId}]`]: String(s.os.windows) };
    expect(edited.expectedTotal).toBe(seen(preview).expectedTotal);
    const res = await b.post(`${base}/confirm`, edited);
    expect(res.status).toBe(409);
    const html = await textOf(res);
    expect(html).toContain('The amounts changed since your preview; please review the new preview.');
    // The page previews the edited choice: Windows ticked, and the totals its confirm button now carries are its own.
    expect(formSubmission(html, 'change-form')[`options[${s.os.groupId}]`]).toBe(String(s.os.windows));
    expect(seen(html).expectedTotal).not.toBe(edited.expectedTotal);
    expect(await q('select id from service_change where service_id = ?', [serviceId])).toEqual([]);
    // Confirmed from that page, the edited choice goes through at its own price.
    const again = await b.post(`${base}/confirm`, formSubmission(html, 'change-form'));
    expect(again.status).toBe(303);
    const [change] = await q<{ option_ids: number[] }>('select option_ids from service_change where service_id = ?', [serviceId]);
    expect(change!.option_ids).toContain(s.os.windows);
  });

  it('without JavaScript, another choice at the very same amounts is not confirmed on the first one’s preview', async () => {
    const { b, base, serviceId } = await withService();
    // A second free OS: Linux and BSD cost the same, so only the choice itself tells the two previews apart.
    const bsd = await saveVariantOption(em(), s.pro, s.os.groupId, undefined, {
      name: 'BSD',
      prices: [
        { priceName: 'Monthly', currency: 'USD', price: '0' },
        { priceName: 'Annual', currency: 'USD', price: '0' },
      ],
    });
    try {
      const preview = await textOf(await b.post(`${base}/preview`, proChoice(s.pro)));
      const edited = { ...formSubmission(preview, 'change-form'), [`options[${s.os.groupId}]`]: String(bsd.id) };
      expect(edited.expectedChoice).toMatch(/^[\w-]{22}$/);
      const res = await b.post(`${base}/confirm`, edited);
      expect(res.status).toBe(409);
      const html = await textOf(res);
      expect(html).toContain('Your choice changed since its preview; please review the new preview.');
      // The fresh preview is BSD's: the same amounts, another choice to confirm.
      expect(seen(html)).toEqual(seen(preview));
      expect(hidden(html, 'expectedChoice')).not.toBe(edited.expectedChoice);
      expect(await q('select id from service_change where service_id = ?', [serviceId])).toEqual([]);
      // Its lines name the option, so the two previews read apart too.
      expect(html).toContain('Web Pro (Monthly) with OS: BSD, 2026-01-17 to 2026-01-31 (15/31 days)');
      expect(preview).toContain('Web Pro (Monthly) with OS: Linux, 2026-01-17 to 2026-01-31 (15/31 days)');
      // Confirmed from that page, BSD goes through, and its invoice names it.
      const again = await b.post(`${base}/confirm`, formSubmission(html, 'change-form'));
      expect(again.status).toBe(303);
      expect(await textOf(await b.get(again.headers.get('location')!))).toContain('Web Pro (Monthly) with OS: BSD');
      const [change] = await q<{ option_ids: number[] }>('select option_ids from service_change where service_id = ?', [serviceId]);
      expect(change!.option_ids).toEqual([bsd.id]);
    } finally {
      await q(`update service_change set status = 'void' where service_id = ?`, [serviceId]);
      await removeVariantOption(em(), s.pro, s.os.groupId, bsd.id);
    }
  });

  it('names the options the service has on the credit line of a move to another package', async () => {
    const { b, base } = await withService(s.pro, [s.os.linux]);
    const html = await textOf(
      await b.post(`${base}/preview`, { shown: String(s.basic), packageId: String(s.basic), priceName: 'Monthly' }),
    );
    expect(html).toContain('Unused Web Pro (Monthly) with OS: Linux, 2026-01-17 to 2026-01-31 (15/31 days)');
    expect(html).toContain('Web Basic (Monthly), 2026-01-17 to 2026-01-31 (15/31 days)');
  });

  it('with htmx, the confirm button posts the panel and is sent on to the invoice, not swapped into the panel', async () => {
    const { b, base } = await withService();
    const preview = await textOf(await b.post(`${base}/preview`, proChoice(s.pro), { htmx: true }));
    const res = await b.post(`${base}/confirm`, formSubmission(preview, 'change-form'), { htmx: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('hx-redirect')).toMatch(/^\/account\/invoices\/\d+$/);
    expect(await res.text()).toBe('');
  });

  it('with htmx, a stale confirmation swaps the panel with its fresh preview (422, which htmx swaps; a 409 it would not)', async () => {
    const { b, base, serviceId } = await withService();
    const preview = await textOf(await b.post(`${base}/preview`, proChoice(s.pro), { htmx: true }));
    const stale = { ...formSubmission(preview, 'change-form'), expectedTotal: '0.0100' };
    const res = await b.post(`${base}/confirm`, stale, { htmx: true });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html.startsWith('<div id="change-panel"')).toBe(true);
    expect(html).toContain('The amounts changed since your preview; please review the new preview.');
    expect(seen(html).expectedTotal).toBe(seen(preview).expectedTotal);
    expect(await q('select id from service_change where service_id = ?', [serviceId])).toEqual([]);
  });

  it('a downgrade applies at once and says the credit is on the account', async () => {
    const { b, base, serviceId, id } = await withService();
    const form = { shown: String(s.mini), packageId: String(s.mini), priceName: 'Monthly' };
    const preview = await textOf(await b.post(`${base}/preview`, form, { htmx: true }));
    expect(preview).toMatch(/id="change-total">2\.90 USD</);
    const res = await b.post(`${base}/confirm`, { ...form, ...seen(preview) });
    expect(res.headers.get('location')).toBe(`/account/services/${serviceId}?changed=credit`);
    const page = await textOf(await b.get(res.headers.get('location')!));
    expect(page).toContain('the unused part of the old one is on your account credit');
    expect(page).toMatch(/Web Mini <span class="badge ok">active<\/span>/);
    expect(await q('select credit_balance from client where id = ?', [id])).toEqual([{ credit_balance: '2.9000' }]);
  });

  it('a stale preview is refused with the new amounts shown to confirm again', async () => {
    const { b, base, serviceId } = await withService();
    const res = await b.post(`${base}/confirm`, {
      ...proChoice(s.pro),
      expectedNet: '1.0000',
      expectedTotal: '5.7600',
      expectedCurrency: 'USD',
      effectiveDate: '2026-01-17',
    });
    expect(res.status).toBe(409);
    const html = await textOf(res);
    expect(html).toContain('The amounts changed since your preview; please review the new preview.');
    expect(hidden(html, 'expectedNet')).toBe('4.8387');
    // The same net with another total (tax included) or currency than the preview showed is refused too.
    for (const other of [{ expectedTotal: '4.8400' }, { expectedCurrency: 'EUR' }] as Record<string, string>[]) {
      const res2 = await b.post(`${base}/confirm`, { ...proChoice(s.pro), ...seen(html), ...other });
      expect(res2.status, JSON.stringify(other)).toBe(409);
    }
    expect(await q('select count(*)::int as n from service_change where service_id = ?', [serviceId])).toEqual([{ n: 0 }]);
  });
});

const plusChoice = () => ({ shown: String(s.plus), packageId: String(s.plus), priceName: 'Monthly' });

// A coupon marked for package changes: the code box appears once such a coupon exists, Apply
// re-prices the preview with its discount line, a code that cannot be used says why and leaves
// the change priced without it, and the confirmation carries it.
describe('a coupon on the change page', () => {
  it('has no code box while no coupon is for changes', async () => {
    const c = await shopper(t, { currency: 'USD', country: 'DE', language: 'en' }, appAt(t, NOW));
    const { serviceId } = await activeService(em, q, s.basic, '2026-01-01', { clientId: c.id });
    const html = await textOf(await c.b.post(`/account/services/${serviceId}/change/preview`, plusChoice(), { htmx: true }));
    expect(html).toContain('id="change-preview"');
    expect(html).not.toContain('Coupon code');
  });

  it('prices the change with the code, says why a bad one fails, and confirms with it', async () => {
    await saveCoupon(em(), undefined, { code: 'MOVEUP', kind: 'fixed', amounts: { USD: '5' }, forOrders: false, forChanges: true });
    await saveCoupon(em(), undefined, { code: 'ORDERSONLY', kind: 'percent', percent: '10' });
    const c = await shopper(t, { currency: 'USD', country: 'DE', language: 'en' }, appAt(t, NOW));
    const { serviceId } = await activeService(em, q, s.basic, '2026-01-01', { clientId: c.id });
    const base = `/account/services/${serviceId}/change`;

    const bad = await c.b.post(`${base}/preview`, { ...plusChoice(), couponCode: 'ordersonly' }, { htmx: true });
    expect(bad.status).toBe(422);
    const badHtml = await textOf(bad);
    expect(badHtml).toContain('<p class="error" id="coupon-error" role="alert">That code is not valid for package changes.</p>');
    expect(badHtml).toContain('id="change-confirm"');
    expect(badHtml).not.toContain('line-discount');
    expect(hidden(badHtml, 'couponCode')).toBe('ORDERSONLY'.toLowerCase());

    const good = await textOf(await c.b.post(`${base}/preview`, { ...plusChoice(), couponCode: 'moveup' }, { htmx: true }));
    expect(good).toContain('Coupon MOVEUP (5.00 USD off): Web Plus');
    expect(good).toContain('MOVEUP applied: 5.00 USD off before tax.');
    // Confirming sends the choice form as it stands (the code with it) and the totals previewed.
    const { _csrf, ...fields } = formSubmission(good, 'change-form');
    expect(_csrf).toBeDefined();
    expect(fields.couponCode?.toUpperCase()).toBe('MOVEUP');
    expect(fields.expectedCurrency).toBe('USD');
    const done = await c.b.post(`${base}/confirm`, fields);
    expect(done.status).toBe(303);
    const invoiceId = Number(/\/account\/invoices\/(\d+)$/.exec(done.headers.get('location') ?? '')?.[1]);
    const lines = await q<{ kind: string; amount: string }>(
      'select kind, amount::text from invoice_line where invoice_id = ? order by id',
      [invoiceId],
    );
    expect(lines.map((l) => [l.kind, l.amount])).toContainEqual(['discount', '-5.0000']);
    expect(await q(`select u.status from coupon_use u join coupon c on c.id = u.coupon_id where c.code = 'MOVEUP'`)).toEqual([
      { status: 'live' },
    ]);
  });
});

describe('in German', () => {
  it("shows the change page and its preview in the client's language, with German money and dates", async () => {
    await saveLanguage(em(), { code: 'de', name: 'Deutsch' });
    const c = await shopper(t, { currency: 'USD', country: 'DE', language: 'de' }, appAt(t, NOW));
    const { serviceId } = await activeService(em, q, s.basic, '2026-01-01', { clientId: c.id });
    const base = `/account/services/${serviceId}/change`;
    const page = await textOf(await c.b.post(`${base}/preview`, proChoice(s.pro)));
    const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<title>Paket wechseln · Hostbill</title>');
    for (const german of [
      'Paket wechseln',
      'Wechseln zu',
      'Abrechnung',
      'Vorschau',
      'Saldo',
      'Aktueller Zeitraum',
      '01.01.2026 bis 31.01.2026 (noch 15 von 31 Tagen)',
      'Nächste Fälligkeit 01.02.2026 (unverändert)',
      'Jetzt fällig',
      '/ Monat zzgl. Steuern',
      'Bestätigen und',
    ])
      expect(text).toContain(german);
    expect(text).toMatch(/Monthly: \d+,\d\d USD \/ Monat/);
    for (const english of ['Change package', 'Move to', 'Current period', 'Due now', 'before tax', 'Confirm and pay'])
      expect(text).not.toContain(english);
  });
});
