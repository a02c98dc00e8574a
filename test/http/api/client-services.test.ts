import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { addMonthlyPrice, makePackage, seedBasics, snapshot } from '../fixtures.ts';
import { apiCaller, expectApiError } from './helpers.ts';

let t: TestApp;
let owner: string;
let support: string;
let pkg: number;
let clientId: number;
const api = apiCaller(
  () => t,
  () => owner,
);
const tomorrowish = () => new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pkg = await makePackage(t, catalogId, 'Managed VPS', { status: 'restricted', stock: 1 });
  await addMonthlyPrice(t, pkg, '25.00');
  const [c] = await t.orm.em
    .getConnection()
    .execute<{ id: number }[]>(
      `insert into client (email, name, country, currency) values ('svc-api@example.com', 'Svc Api', 'US', 'USD') returning id`,
    );
  clientId = c!.id;
  owner = await apiToken(t, 'owner');
  support = await apiToken(t, 'support');
});
afterAll(() => t.close());

describe('POST /api/v1/clients/{id}/services', () => {
  it('invoices a restricted package the client is not allowed to order, at a custom price', async () => {
    const r = await api('POST', `/clients/${clientId}/services`, { packageId: pkg, priceName: 'Monthly', customPrice: '19.99' });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.data).toMatchObject({ start: 'invoice', invoiceId: expect.any(Number), serviceIds: [] });
    const invoice = await api('GET', `/invoices/${r.json.data.invoiceId}`);
    expect(invoice.json.data.lines[0]).toMatchObject({ amount: '19.9900' });
    expect(invoice.json.data.lines[0].description).toContain('custom price');
  });

  it('refuses the last unit twice over unless staff override, and records an existing account', async () => {
    const refused = await api('POST', `/clients/${clientId}/services`, {
      packageId: pkg,
      priceName: 'Monthly',
      start: 'activate',
      nextDueDate: tomorrowish(),
    });
    expectApiError(refused, 422, 'quantity');
    const r = await api('POST', `/clients/${clientId}/services`, {
      packageId: pkg,
      priceName: 'Monthly',
      start: 'existing',
      nextDueDate: tomorrowish(),
      overrideLimits: true,
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const service = await api('GET', `/services/${r.json.data.serviceIds[0]}`);
    expect(service.json.data.status).toBe('active');
  });

  it('answers junk with a JSON error by the field, never a 500, and stores nothing', async () => {
    const before = await snapshot(t);
    expectApiError(await api('POST', `/clients/${clientId}/services`, '{"packageId":'), 422, 'body');
    expectApiError(await api('POST', `/clients/${clientId}/services`, [1, 2]), 422);
    expectApiError(
      await api('POST', `/clients/${clientId}/services`, { packageId: pkg, priceName: 'Monthly', start: 'soon' }),
      422,
      'start',
    );
    expectApiError(
      await api('POST', `/clients/${clientId}/services`, { packageId: pkg, priceName: 'Monthly', customPrice: -1 }),
      422,
      'customPrice',
    );
    expectApiError(
      await api('POST', `/clients/${clientId}/services`, { packageId: pkg, priceName: 'Monthly', customPrice: '0.001' }),
      422,
      'customPrice',
    );
    expectApiError(
      await api('POST', `/clients/${clientId}/services`, {
        packageId: pkg,
        priceName: 'Monthly',
        start: 'activate',
        nextDueDate: '2020-01-01',
      }),
      422,
      'nextDueDate',
    );
    expectApiError(
      await api('POST', `/clients/${clientId}/services`, { packageId: pkg, priceName: 'Monthly', addons: 'all' }),
      422,
      'addons',
    );
    expectApiError(
      await api('POST', `/clients/${clientId}/services`, {
        packageId: pkg,
        priceName: 'Monthly',
        start: 'existing',
        nextDueDate: tomorrowish(),
        pluginData: { 'x y': 1 },
      }),
      422,
    );
    expectApiError(await api('POST', `/clients/999999/services`, { packageId: pkg, priceName: 'Monthly' }), 404);
    expectApiError(await api('POST', `/clients/abc/services`, { packageId: pkg, priceName: 'Monthly' }), 404);
    expectApiError(await api('POST', `/clients/${clientId}/services`, { packageId: 999999, priceName: 'Monthly' }), 404);
    expectApiError(await api('POST', `/clients/${clientId}/services`, { packageId: pkg, priceName: 'Monthly' }, { token: support }), 403);
    expect(await snapshot(t)).toBe(before);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await api('GET', '/openapi.json')).json as unknown as {
      paths: Record<string, { post?: { requestBody?: unknown } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(doc.paths['/clients/{id}/services']?.post?.requestBody).toBeTruthy();
    expect(Object.keys(doc.components.schemas.ClientServiceInput!.properties)).toEqual(
      expect.arrayContaining(['start', 'customPrice', 'nextDueDate', 'pluginData', 'overrideLimits', 'addons']),
    );
  });
});
