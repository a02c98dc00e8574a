import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { addMonthlyPrice, makePackage, seedBasics } from '../fixtures.ts';
import { apiCaller, expectApiError } from './helpers.ts';

let t: TestApp;
let owner: string;
let support: string;
let vps: number;
let clientId: number;
const api = apiCaller(
  () => t,
  () => owner,
);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  vps = await makePackage(t, catalogId, 'VPS');
  await addMonthlyPrice(t, vps, '20.00');
  owner = await apiToken(t, 'owner');
  support = await apiToken(t, 'support');
  const [row] = await t.orm.em
    .getConnection()
    .execute<{ id: number }[]>(
      `insert into client (email, name, country, currency) values ('api-coupon@example.com', 'Api', 'US', 'USD') returning id`,
    );
  clientId = row!.id;
});
afterAll(() => t.close());

describe('/api/v1/coupons', () => {
  let id: number;

  it('creates, reads, lists and patches a coupon', async () => {
    const created = await api('POST', '/coupons', {
      code: 'spring15',
      kind: 'percent',
      percent: '15.5',
      duration: 'cycles',
      cycles: 3,
      packageIds: [vps],
      maxUses: 100,
      maxUsesPerClient: 1,
    });
    expect(created.status).toBe(201);
    id = created.json.data.id;
    expect(created.json.data).toMatchObject({
      code: 'SPRING15',
      kind: 'percent',
      percent: '15.5000',
      duration: 'cycles',
      cycles: 3,
      packageIds: [vps],
      maxUses: 100,
      maxUsesPerClient: 1,
      uses: 0,
      forOrders: true,
      forChanges: false,
      active: true,
    });
    expect((await api('GET', `/coupons/${id}`)).json.data.code).toBe('SPRING15');
    const patched = await api('PATCH', `/coupons/${id}`, { active: false, endsOn: '2026-12-31' });
    expect(patched.json.data).toMatchObject({ code: 'SPRING15', percent: '15.5000', active: false, endsOn: '2026-12-31', cycles: 3 });
    expect((await api('GET', '/coupons')).json.data.map((c: { id: number }) => c.id)).toContain(id);
  });

  it.each<[string, unknown, string]>([
    ['no code', { kind: 'percent', percent: '10' }, 'code'],
    ['a code with spaces', { code: 'TWO WORDS', kind: 'percent', percent: '10' }, 'code'],
    ['an unknown kind', { code: 'K1', kind: 'half', percent: '10' }, 'kind'],
    ['a percent over 100', { code: 'K2', kind: 'percent', percent: '120' }, 'percent'],
    ['a percent of 0', { code: 'K3', kind: 'percent', percent: '0' }, 'percent'],
    ['a percent as junk', { code: 'K4', kind: 'percent', percent: 'lots' }, 'percent'],
    ['a fixed coupon without amounts', { code: 'K5', kind: 'fixed' }, 'amounts'],
    ['a negative amount', { code: 'K6', kind: 'fixed', amounts: { USD: '-5' } }, 'amounts.USD'],
    ['an unknown currency', { code: 'K7', kind: 'fixed', amounts: { XYZ: '5' } }, 'amounts.XYZ'],
    ['a fraction of a cent', { code: 'K16', kind: 'fixed', amounts: { USD: '1.005' } }, 'amounts.USD'],
    ['cycles without a count', { code: 'K8', kind: 'percent', percent: '5', duration: 'cycles' }, 'cycles'],
    ['an end before the start', { code: 'K9', kind: 'percent', percent: '5', startsOn: '2026-05-01', endsOn: '2026-04-01' }, 'endsOn'],
    ['a date that does not exist', { code: 'K10', kind: 'percent', percent: '5', endsOn: '2026-02-30' }, 'endsOn'],
    ['zero uses', { code: 'K11', kind: 'percent', percent: '5', maxUses: 0 }, 'maxUses'],
    ['a package that does not exist', { code: 'K12', kind: 'percent', percent: '5', packageIds: [999999] }, 'packageIds'],
    ['packages as junk', { code: 'K13', kind: 'percent', percent: '5', packageIds: 'all' }, 'packageIds'],
    ['neither orders nor changes', { code: 'K14', kind: 'percent', percent: '5', forOrders: false, forChanges: false }, 'forOrders'],
    ['a flag as junk', { code: 'K15', kind: 'percent', percent: '5', active: 'maybe' }, 'active'],
    ['a taken code in another case', { code: 'spring15', kind: 'percent', percent: '5' }, 'code'],
  ])('refuses %s with 422 naming the field', async (_label, body, field) => {
    expectApiError(await api('POST', '/coupons', body), 422, field);
  });

  it('answers junk bodies, ids and a read-only token with JSON errors', async () => {
    expectApiError(await api('POST', '/coupons', 'not json'), 422, 'body');
    expectApiError(await api('POST', '/coupons', [1, 2]), 422, 'body');
    expectApiError(await api('GET', '/coupons/abc'), 404);
    expectApiError(await api('PATCH', '/coupons/999999', { active: true }), 404);
    expectApiError(await api('PATCH', `/coupons/${id}`, { maxUses: 'x' }), 422, 'maxUses');
    expectApiError(await api('POST', '/coupons', { code: 'RO', kind: 'percent', percent: '5' }, { token: support }), 403);
  });

  it('orders take a couponCode; a bad one is a 422 on couponCode and places nothing', async () => {
    await api('PATCH', `/coupons/${id}`, { active: true, endsOn: null });
    const bad = await api('POST', '/orders', { clientId, packageId: vps, priceName: 'Monthly', couponCode: 'NOPE' });
    expectApiError(bad, 422, 'couponCode');
    const placed = await api('POST', '/orders', { clientId, packageId: vps, priceName: 'Monthly', couponCode: 'spring15' });
    expect(placed.status).toBe(201);
    expect(placed.json.data.invoice.lines.map((l: { kind: string; amount: string }) => [l.kind, l.amount])).toEqual([
      ['price', '20.0000'],
      ['discount', '-3.1000'],
    ]);
    expect(placed.json.data.invoice.total).toBe('16.9000');
    expect((await api('GET', `/coupons/${id}`)).json.data.uses).toBe(1);
    // Once per client.
    expectApiError(
      await api('POST', '/orders', { clientId, packageId: vps, priceName: 'Monthly', couponCode: 'SPRING15' }),
      422,
      'couponCode',
    );
  });

  it('answers by the code field (422), not 500 or a generic conflict, when the same code is saved by another request at the same moment', async () => {
    // Another request's coupon, inserted and not yet committed: this one's check finds the code
    // free, and its insert waits on the unique index until the other commits.
    const other = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`insert into coupon (code, kind, percent) values ('TWICE8', 'percent', 5)`);
      const answer = api('POST', '/coupons', { code: 'twice8', kind: 'percent', percent: '5', duration: 'once', packageIds: [] });
      // Committed only once the request waits on the other's row, whatever the machine's speed.
      for (let waited = 0; ; waited += 20) {
        // Asked on a connection of its own: a transaction keeps the first answer it read.
        const [row] = await t.orm.em
          .getConnection()
          .execute<{ n: number }[]>(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          );
        if (row!.n > 0) break;
        if (waited > 10_000) throw new Error('The request never waited on the other coupon.');
        await new Promise((r) => setTimeout(r, 20));
      }
      await other.query('commit');
      expectApiError(await answer, 422, 'code');
      expect((await answer).json.error?.message).toBe('Another coupon has that code.');
    } finally {
      await other.end();
    }
    const [row] = await t.orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from coupon where code = 'TWICE8'`);
    expect(row!.n).toBe(1);
  });

  it('deletes an unused coupon, refuses a used one with 409', async () => {
    const spare = await api('POST', '/coupons', { code: 'SPARE', kind: 'fixed', amounts: { USD: '1', EUR: '' } });
    expect(spare.json.data.amounts).toEqual({ USD: '1.0000' });
    expect((await api('DELETE', `/coupons/${spare.json.data.id}`)).status).toBe(204);
    expectApiError(await api('DELETE', `/coupons/${id}`), 409);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await api('GET', '/openapi.json', undefined, { token: null });
    expect(Object.keys((doc.json as { paths: Record<string, unknown> }).paths)).toEqual(
      expect.arrayContaining(['/coupons', '/coupons/{id}']),
    );
    expect(
      (doc.json as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }).components.schemas.OrderInput!
        .properties,
    ).toHaveProperty('couponCode');
  });
});
