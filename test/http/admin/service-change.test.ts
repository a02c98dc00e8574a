// Staff change a client's service package: the same preview and confirmation as the client,
// the staff email as the actor, junk answered next to fields, and the support role refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { formSubmission, textOf } from '../fixtures.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { fieldError } from '../client/helpers.ts';
import { activeService, scalingStore, type ScalingStore } from '../../integration/scaling-fixtures.ts';

let t: TestApp;
let s: ScalingStore;
let owner: Client;
let support: Client;
const NOW = new Date('2026-01-17T10:00:00Z');
const em = () => t.em();
const q = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(query, params);
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

beforeAll(async () => {
  t = await makeTestApp();
  s = await scalingStore(em);
  // Signed in as usual, then browsing the same database through an app whose clock says Jan 17.
  const app = createApp({ orm: t.orm, config: t.config, now: () => NOW });
  const onJan17 = (c: Client) => Object.assign(new Client({ ...t, app }), { cookie: c.cookie, csrf: c.csrf });
  owner = onJan17(await staffClient(t, 'owner'));
  support = onJan17(await staffClient(t, 'support'));
});
afterAll(() => t.close());

const basicService = () => activeService(em, q, s.basic, '2026-01-01');
const mini = { shown: '', packageId: '', priceName: 'Monthly' };

describe('staff change a service package', () => {
  it('the service page links to the change page; a preview and a confirmation raise the client an invoice', async () => {
    const { serviceId, clientId } = await basicService();
    const page = await textOf(await owner.get(`/admin/services/${serviceId}`));
    expect(page).toContain(`href="/admin/services/${serviceId}/change"`);
    const base = `/admin/services/${serviceId}/change`;
    const form = { shown: String(s.plus), packageId: String(s.plus), priceName: 'Monthly' };
    const preview = await owner.post(`${base}/preview`, form, { htmx: true });
    expect(preview.status).toBe(200);
    const html = await textOf(preview);
    expect(html.startsWith('<div id="change-panel"')).toBe(true);
    expect(hidden(html, 'expectedNet')).toBe('7.2581');
    expect(hidden(html, 'expectedTotal')).toBe('8.6400');
    expect(hidden(html, 'expectedCurrency')).toBe('USD');
    // Staff raise the invoice; the client pays it.
    expect(html).toContain('Confirm and invoice 8.64 USD');
    expect(html).not.toContain('Confirm and pay');
    const res = await owner.post(`${base}/confirm`, {
      ...form,
      expectedNet: '7.2581',
      expectedTotal: '8.6400',
      expectedCurrency: 'USD',
      effectiveDate: '2026-01-17',
    });
    expect(res.status).toBe(303);
    const invoiceId = Number(/^\/admin\/invoices\/(\d+)\?done=change$/.exec(res.headers.get('location') ?? '')?.[1]);
    // It lands on the invoice, which says what happened and what happens next.
    expect(await textOf(await owner.get(res.headers.get('location')!))).toContain(
      'Package change confirmed: this invoice charges the difference, and the service moves to its new package once it is paid.',
    );
    expect(await q('select client_id, status, total from invoice where id = ?', [invoiceId])).toEqual([
      { client_id: clientId, status: 'unpaid', total: '8.6400' },
    ]);
    expect(await q('select actor, status from service_change where service_id = ?', [serviceId])).toEqual([
      { actor: expect.stringMatching(/^owner\d+@example\.com$/), status: 'awaiting_payment' },
    ]);
    const after = await textOf(await owner.get(`/admin/services/${serviceId}`));
    expect(after).toContain(`href="/admin/invoices/${invoiceId}"`);
    expect(after).toContain('is waiting for payment');
  });

  it('terminating the service voids its package change awaiting payment and the invoice for it, racing a payment or not', async () => {
    for (const race of [false, true]) {
      const { serviceId } = await basicService();
      const form = { shown: String(s.plus), packageId: String(s.plus), priceName: 'Monthly' };
      const res = await owner.post(`/admin/services/${serviceId}/change/confirm`, {
        ...form,
        expectedNet: '7.2581',
        expectedTotal: '8.6400',
        expectedCurrency: 'USD',
        effectiveDate: '2026-01-17',
      });
      const invoiceId = Number(/^\/admin\/invoices\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);
      expect(invoiceId).toBeGreaterThan(0);
      const pay = () =>
        payInvoice(em(), { invoiceId, gateway: 'manual', reference: `change-${invoiceId}` }, NOW).then(() => 'paid' as const);
      const [terminated, paid] = await Promise.all([
        owner.post(`/admin/services/${serviceId}/terminate`, { confirmed: '1' }),
        race ? pay().catch(() => 'refused' as const) : Promise.resolve('not tried' as const),
      ]);
      expect(terminated.status).toBe(303);
      const [state] = await q<{ invoice: string; change: string; package_id: number; service: string }>(
        `select i.status as invoice, c.status as change, sv.package_id, sv.status as service
           from service_change c join invoice i on i.id = c.invoice_id join service sv on sv.id = c.service_id where c.invoice_id = ?`,
        [invoiceId],
      );
      expect(state!.service).toBe('terminated');
      if (paid === 'paid') {
        // The payment went first: the change it paid for applied, and then the service was terminated.
        expect(state).toMatchObject({ invoice: 'paid', change: 'applied' });
      } else {
        expect(state).toMatchObject({ invoice: 'void', change: 'void', package_id: s.basic });
        // Paying it now is refused: nothing is changed on a service that is gone.
        await expect(pay()).rejects.toThrow();
        expect((await q<{ n: number }>('select count(*)::int as n from payment where invoice_id = ?', [invoiceId]))[0]!.n).toBe(0);
      }
    }
  });

  it('with a single package to move to, the page shows its preview at once, and that preview confirms (no JavaScript needed)', async () => {
    const { serviceId } = await activeService(em, q, s.free, '2026-01-01', { priceName: 'Free' });
    const base = `/admin/services/${serviceId}/change`;
    const res = await owner.get(base);
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('id="change-preview"');
    expect(html).toContain('Web Free → Web Basic (Monthly)');
    // One package at one price: nothing to choose, so no Preview button either.
    expect(html).not.toContain('id="change-preview-button"');
    // The confirm button sends the choice form as it stands, with the previewed totals.
    expect(html).toMatch(/<button type="submit" form="change-form" formaction="\/admin\/services\/\d+\/change\/confirm"/);
    const { _csrf, ...form } = formSubmission(html, 'change-form');
    expect(_csrf).toBeDefined();
    expect(form).toMatchObject({ packageId: String(s.basic), priceName: 'Monthly', expectedCurrency: 'USD', effectiveDate: '2026-01-17' });
    const done = await owner.post(`${base}/confirm`, form);
    expect(done.status).toBe(303);
    expect(await q('select status from service_change where service_id = ?', [serviceId])).toEqual([{ status: expect.any(String) }]);
    // With several packages to choose from, the page waits for a choice.
    const several = await textOf(await owner.get(`/admin/services/${(await basicService()).serviceId}/change`));
    expect(several).not.toContain('id="change-preview"');
    expect(several).toContain('id="change-preview-button"');
  });

  it('a downgrade applies at once; the history names the staff member', async () => {
    const { serviceId } = await basicService();
    const form = { ...mini, shown: String(s.mini), packageId: String(s.mini) };
    const res = await owner.post(`/admin/services/${serviceId}/change/confirm`, {
      ...form,
      expectedNet: '-2.9032',
      expectedTotal: '-2.9000',
      expectedCurrency: 'USD',
      effectiveDate: '2026-01-17',
    });
    expect(res.headers.get('location')).toBe(`/admin/services/${serviceId}?changed=credit`);
    const page = await textOf(await owner.get(res.headers.get('location')!));
    expect(page).toContain('on the client’s credit balance');
    expect(page).toMatch(/Moved from Web Basic \(Monthly\) to Web Mini \(Monthly\) \(change #\d+\)\.<\/td><td>owner\d+@example\.com/);
  });

  it('answers junk next to the field, and a stale preview with a 409 and the new amounts', async () => {
    const { serviceId } = await basicService();
    const base = `/admin/services/${serviceId}/change`;
    const junk = await owner.post(`${base}/preview`, { shown: String(s.pro), packageId: String(s.pro), priceName: 'Weekly' });
    expect(junk.status).toBe(422);
    expect(fieldError(await textOf(junk), 'priceName')).toBe('Choose one of the pricing options shown.');
    const bad = await owner.post(`${base}/preview`, { shown: '1e9', packageId: '1e9' }, { htmx: true });
    expect(bad.status).toBe(422);
    expect(fieldError(await textOf(bad), 'packageId')).toBe('Choose one of the packages shown.');
    const stale = await owner.post(`${base}/confirm`, {
      ...mini,
      shown: String(s.mini),
      packageId: String(s.mini),
      expectedNet: '-2.9032',
      expectedTotal: '-2.9000',
      expectedCurrency: 'USD',
      effectiveDate: '2026-01-16',
    });
    expect(stale.status).toBe(409);
    const html = await textOf(stale);
    expect(html).toContain('The amounts changed since your preview');
    expect(hidden(html, 'effectiveDate')).toBe('2026-01-17');
    expect((await owner.get('/admin/services/999999/change')).status).toBe(404);
    expect((await owner.post('/admin/services/abc/change/preview', {})).status).toBe(404);
  });

  it('refuses the read-only support role, and changes nothing', async () => {
    const { serviceId } = await basicService();
    expect(await textOf(await support.get(`/admin/services/${serviceId}`))).not.toContain('Change package');
    expect((await support.get(`/admin/services/${serviceId}/change`)).status).toBe(403);
    const form = { shown: String(s.mini), packageId: String(s.mini), priceName: 'Monthly' };
    expect((await support.post(`/admin/services/${serviceId}/change/preview`, form)).status).toBe(403);
    expect(
      (
        await support.post(`/admin/services/${serviceId}/change/confirm`, {
          ...form,
          expectedNet: '-2.9032',
          expectedTotal: '-2.9000',
          expectedCurrency: 'USD',
          effectiveDate: '2026-01-17',
        })
      ).status,
    ).toBe(403);
    expect(await q('select package_id from service where id = ?', [serviceId])).toEqual([{ package_id: s.basic }]);
    expect(await q('select count(*)::int as n from service_change where service_id = ?', [serviceId])).toEqual([{ n: 0 }]);
  });
});
