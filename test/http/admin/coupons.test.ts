import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCurrency } from '../../../src/modules/settings/save-currency.ts';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { loadCoupons } from '../../../src/modules/coupons/load-coupons.ts';
import { makePackage, seedBasics, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let support: Client;
let vps: number;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  vps = await makePackage(t, catalogId, 'VPS Admin');
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
});
afterAll(() => t.close());

const form = (over: Record<string, string | string[]> = {}) => ({
  code: 'SUMMER',
  kind: 'fixed',
  percent: '',
  'amounts[USD]': '5.00',
  'amounts[EUR]': '',
  duration: 'cycles',
  cycles: '2',
  'packageIds[]': ['', String(vps)],
  startsOn: '2026-06-01',
  endsOn: '2026-08-31',
  maxUses: '50',
  maxUsesPerClient: '1',
  forOrders: '1',
  forChanges: '0',
  active: '1',
  ...over,
});

describe('coupons in the admin', () => {
  it('is in the admin menu and lists nothing at first', async () => {
    const page = await textOf(await owner.get('/admin/coupons'));
    expect(page).toContain('href="/admin/coupons"');
    expect(page).toContain('No coupons yet.');
  });

  it('creates a coupon from the form and lists it with its uses', async () => {
    const res = await owner.post('/admin/coupons', form());
    expect(res.status).toBe(303);
    const [coupon] = await loadCoupons(t.em(), { code: 'SUMMER' });
    expect(coupon).toMatchObject({
      kind: 'fixed',
      amounts: { USD: '5.0000' },
      duration: 'cycles',
      cycles: 2,
      packageIds: [vps],
      maxUses: 50,
      maxUsesPerClient: 1,
      forOrders: true,
      forChanges: false,
      active: true,
    });
    expect(res.headers.get('location')).toBe(`/admin/coupons/${coupon!.id}?saved=1`);
    const list = await textOf(await owner.get('/admin/coupons'));
    expect(list).toContain('SUMMER');
    expect(list).toContain('5.00 USD off, 2 billing cycles');
    expect(list).toContain('0 / 50');
    expect(list).toContain('VPS Admin');
  });

  it("says each amount off with its currency's decimals: whole yen", async () => {
    await saveCurrency(t.em(), { code: 'JPY', name: 'Yen', rate: '150', minorUnits: '0' });
    expect((await owner.post('/admin/coupons', form({ code: 'YEN500', 'amounts[JPY]': '500' }))).status).toBe(303);
    const [coupon] = await loadCoupons(t.em(), { code: 'YEN500' });
    const list = await textOf(await owner.get('/admin/coupons'));
    expect(list).toContain('500 JPY / 5.00 USD off');
    expect(await textOf(await owner.get(`/admin/coupons/${coupon!.id}`))).toContain('500 JPY / 5.00 USD off');
  });

  it('shows each refusal next to its field, keeps what was typed, never a 500', async () => {
    const res = await owner.post(
      '/admin/coupons',
      form({ code: 'bad code!', kind: 'percent', percent: '150', cycles: 'x', endsOn: '2026-02-30', maxUses: '-1' }),
    );
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain('<p class="error" id="f-code-error" role="alert">Use letters, digits, - and _ only.</p>');
    expect(html).toContain('value="bad code!"');
    for (const field of ['percent', 'cycles', 'endsOn', 'maxUses']) expect(html).toContain(`id="f-${field}-error"`);
    const fixed = await textOf(await owner.post('/admin/coupons', form({ code: 'NOAMOUNT', 'amounts[USD]': '' })));
    expect(fixed).toContain('id="f-amounts-error"');
    const amount = await textOf(await owner.post('/admin/coupons', form({ code: 'BADAMOUNT', 'amounts[USD]': '12,5' })));
    expect(amount).toContain('id="f-amounts-USD-error"');
    // No finer than a cent: an amount off changes hands as money does.
    const fraction = await textOf(await owner.post('/admin/coupons', form({ code: 'HALFCENT', 'amounts[USD]': '4.995' })));
    expect(fraction).toMatch(/id="f-amounts-USD-error"[^>]*>Use at most 2 decimals for USD\./);
    expect(fraction).toContain('value="4.995"');
    const taken = await textOf(await owner.post('/admin/coupons', form({ code: 'summer' })));
    expect(taken).toContain('Another coupon has that code.');
    const junk = await owner.post('/admin/coupons', {
      code: ['A', 'B'] as unknown as string,
      kind: 'nonsense',
      duration: 'never',
      'packageIds[]': ['x'],
    });
    expect(junk.status).toBe(422);
  });

  it('edits a coupon, and a limit below its uses is refused', async () => {
    const [coupon] = await loadCoupons(t.em(), { code: 'SUMMER' });
    const page = await textOf(await owner.get(`/admin/coupons/${coupon!.id}`));
    expect(page).toContain('value="SUMMER"');
    expect(page).toContain('Used 0 times of 50.');
    const saved = await owner.post(`/admin/coupons/${coupon!.id}`, form({ kind: 'percent', percent: '12.5', 'amounts[USD]': '' }));
    expect(saved.status).toBe(303);
    expect((await loadCoupons(t.em(), { ids: [coupon!.id] }))[0]).toMatchObject({ kind: 'percent', percent: '12.5000', amounts: {} });
    await t.orm.em.getConnection().execute('update coupon set uses = 7 where id = ?', [coupon!.id]);
    const low = await owner.post(`/admin/coupons/${coupon!.id}`, form({ kind: 'percent', percent: '12.5', maxUses: '5' }));
    expect(low.status).toBe(422);
    expect(await textOf(low)).toContain('It has been used 7 times already; allow at least that many.');
    expect((await owner.get('/admin/coupons/999999')).status).toBe(404);
    expect((await owner.get('/admin/coupons/junk')).status).toBe(404);
  });

  it('deactivates and activates from the list (htmx swaps the list)', async () => {
    const [coupon] = await loadCoupons(t.em(), { code: 'SUMMER' });
    const off = await owner.post(`/admin/coupons/${coupon!.id}/active`, { active: '0' }, { htmx: true });
    expect(off.status).toBe(200);
    const html = await textOf(off);
    expect(html).toMatch(/^<div id="coupon-list">/);
    expect(html).toContain('inactive');
    expect((await loadCoupons(t.em(), { ids: [coupon!.id] }))[0]!.active).toBe(false);
    expect((await owner.post(`/admin/coupons/${coupon!.id}/active`, { active: '1' })).status).toBe(303);
    expect((await loadCoupons(t.em(), { ids: [coupon!.id] }))[0]!.active).toBe(true);
  });

  it('says which coupons can be used today: one past its last day is expired, one not started says from when', async () => {
    expect((await owner.post('/admin/coupons', form({ code: 'LONGGONE', startsOn: '2000-01-01', endsOn: '2001-01-01' }))).status).toBe(303);
    expect((await owner.post('/admin/coupons', form({ code: 'FUTURE', startsOn: '2090-01-01', endsOn: '' }))).status).toBe(303);
    expect((await owner.post('/admin/coupons', form({ code: 'ALWAYS', startsOn: '', endsOn: '' }))).status).toBe(303);
    const list = await textOf(await owner.get('/admin/coupons'));
    const standing = (code: string) => {
      const [coupon] = [...list.matchAll(/<tr id="coupon-\d+">([\s\S]*?)<\/tr>/g)].filter((m) => m[1]!.includes(`>${code}<`));
      return /<span class="badge[^"]*">([^<]*)<\/span>/.exec(coupon![1]!)![1];
    };
    expect(standing('LONGGONE')).toBe('expired');
    expect(standing('FUTURE')).toBe('from 2090-01-01');
    expect(standing('ALWAYS')).toBe('active');
    const [gone] = await loadCoupons(t.em(), { code: 'LONGGONE' });
    expect(await textOf(await owner.get(`/admin/coupons/${gone!.id}`))).toContain('<span class="badge bad">expired</span>');
  });

  it('support staff see coupons but change nothing', async () => {
    const page = await textOf(await support.get('/admin/coupons'));
    expect(page).toContain('SUMMER');
    expect(page).not.toContain('New coupon');
    expect((await support.post('/admin/coupons', form({ code: 'SNEAKY' }))).status).toBe(403);
  });
});
