import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { appAt } from '../client/helpers.ts';
import { billingFixtures } from '../../integration/billing-runs-fixtures.ts';

// /api/v1/billing/*, and /services/{id}/schedule, on a fixed clock (2026-03-01).

const NOW = new Date('2026-03-01T10:00:00Z');
let base: TestApp;
let app: ReturnType<typeof appAt>;
let f: ReturnType<typeof billingFixtures>;
let owner: string;
let support: string;
let serviceId: number;

type Json = { data?: any; meta?: any; error?: { status: number; message: string; fields?: Record<string, string> } };

async function api(method: string, path: string, body?: unknown, opts: { token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${opts.token ?? owner}`,
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  const res = await app.request(`http://localhost/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  expect(res.headers.get('content-type') ?? '', `${method} ${path}`).toContain('application/json');
  return { status: res.status, json: (await res.json()) as Json };
}

function expectFieldError(r: Awaited<ReturnType<typeof api>>, field: string) {
  expect(r.status, JSON.stringify(r.json)).toBe(422);
  expect(r.json.error?.fields?.[field], JSON.stringify(r.json)).toBeTruthy();
}

const runCount = async () => (await f.sql<{ n: number }>('select count(*)::int as n from billing_run'))[0]!.n;

beforeAll(async () => {
  base = await makeTestApp();
  app = appAt(base, NOW);
  f = billingFixtures(base.orm);
  const pkg = await f.basics();
  const client = await f.client('Api Billing');
  serviceId = await f.service(client, pkg, { due: '2026-03-31', anchor: 31, amount: '10.0000' });
  await f.service(client, pkg, { due: '2026-03-05', amount: '20.0000', currency: 'EUR' });
  owner = await apiToken(base, 'owner');
  support = await apiToken(base, 'support');
});
afterAll(() => base.close());

describe('billing runs', () => {
  let runId: number;

  it('starts a run (body optional), lists it newest first, and shows it with batches and failures', async () => {
    const started = await api('POST', '/billing/runs', { asOf: '2026-03-01' });
    expect(started.status).toBe(201);
    runId = started.json.data.id;
    expect(started.json.data).toMatchObject({
      trigger: 'api',
      asOf: '2026-03-01',
      actor: expect.stringMatching(/^api:api-owner\d+@example\.com$/),
      batchList: expect.any(Array),
      failureList: [],
      batchesByStatus: expect.any(Object),
    });
    const bare = await api('POST', '/billing/runs');
    expect(bare.status).toBe(201);
    expect(bare.json.data.asOf).toBe('2026-03-01');
    const list = await api('GET', '/billing/runs?perPage=1');
    expect(list.status).toBe(200);
    expect(list.json.data.map((r: { id: number }) => r.id)).toEqual([bare.json.data.id]);
    expect(list.json.meta).toEqual({ total: 2, page: 1, perPage: 1, pages: 2 });
    const one = await api('GET', `/billing/runs/${runId}`);
    expect(one.status).toBe(200);
    expect(one.json.data).toMatchObject({ id: runId, startedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('retries a finished run and refuses one still running', async () => {
    await f.sql(`update billing_run set status = 'done', finished_at = started_at where id = ?`, [runId]);
    const retry = await api('POST', `/billing/runs/${runId}/retry`);
    expect(retry.status).toBe(201);
    expect(retry.json.data).toMatchObject({ trigger: 'retry', retryOfId: runId, asOf: '2026-03-01' });
    await f.sql(`update billing_run set status = 'running', finished_at = null where id = ?`, [retry.json.data.id]);
    const refused = await api('POST', `/billing/runs/${retry.json.data.id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.json.error!.message).toContain('still running');
    expect((await api('POST', '/billing/runs/999999/retry')).status).toBe(404);
  });

  it('a support token reads but cannot start or retry', async () => {
    const before = await runCount();
    expect((await api('GET', '/billing/runs', undefined, { token: support })).status).toBe(200);
    expect((await api('POST', '/billing/runs', {}, { token: support })).status).toBe(403);
    expect((await api('POST', `/billing/runs/${runId}/retry`, undefined, { token: support })).status).toBe(403);
    expect(await runCount()).toBe(before);
  });

  it('answers junk with 4xx JSON naming the field, never a 500, and starts nothing', async () => {
    const before = await runCount();
    expectFieldError(await api('POST', '/billing/runs', { asOf: '2026-02-30' }), 'asOf');
    expectFieldError(await api('POST', '/billing/runs', { asOf: 20260301 }), 'asOf');
    expectFieldError(await api('POST', '/billing/runs', { asOf: '1999-01-01' }), 'asOf');
    expectFieldError(await api('POST', '/billing/runs', { asOf: ['2026-03-01'] }), 'asOf');
    expectFieldError(await api('POST', '/billing/runs', '{"asOf":'), 'body');
    expectFieldError(await api('POST', '/billing/runs', '[1,2]'), 'body');
    expectFieldError(await api('POST', '/billing/runs', 'asOf=2026-03-01', { headers: { 'content-type': 'text/plain' } }), 'body');
    expect(await runCount()).toBe(before);
    expectFieldError(await api('GET', '/billing/runs?page=0'), 'page');
    expectFieldError(await api('GET', '/billing/runs?perPage=x'), 'perPage');
    for (const id of ['abc', '0', '99999999999', '-1', '1.5']) expect((await api('GET', `/billing/runs/${id}`)).status, id).toBe(404);
  });
});

describe('GET /billing/preview', () => {
  it('previews per day with amounts as decimal strings per currency', async () => {
    const res = await api('GET', '/billing/preview?from=2026-03-01&days=3');
    expect(res.status).toBe(200);
    const p = res.json.data;
    expect(p).toMatchObject({ from: '2026-03-01', to: '2026-03-03', days: 3, invoiceDaysBefore: 7, groupRenewals: true });
    expect(p.perDay.map((d: { date: string }) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    // The EUR service due 03-05 is invoiced today (the runs above only queued their batches: no worker here).
    expect(p.perDay[0]).toEqual({
      date: '2026-03-01',
      invoices: 1,
      services: 1,
      periods: 1,
      amounts: [{ currency: 'EUR', minorUnits: 2, subtotal: '20.0000', tax: '3.8000', total: '23.8000' }],
    });
    expect(p.perDay[1]).toMatchObject({ invoices: 0, amounts: [] });
    const later = await api('GET', '/billing/preview?from=2026-03-24&days=1');
    expect(later.json.data.perDay).toEqual([
      {
        date: '2026-03-24',
        invoices: 1,
        services: 1,
        periods: 1,
        amounts: [{ currency: 'USD', minorUnits: 2, subtotal: '10.0000', tax: '1.9000', total: '11.9000' }],
      },
    ]);
    expect((await api('GET', '/billing/preview')).json.data.days).toBe(14);
  });

  it('answers junk dates and days with the field named', async () => {
    expectFieldError(await api('GET', '/billing/preview?from=2026-13-01'), 'from');
    expectFieldError(await api('GET', '/billing/preview?from=yesterday'), 'from');
    expectFieldError(await api('GET', '/billing/preview?days=0'), 'days');
    expectFieldError(await api('GET', '/billing/preview?days=91'), 'days');
    expectFieldError(await api('GET', '/billing/preview?days=1e2'), 'days');
  });
});

describe('GET /services/{id}/schedule', () => {
  it('gives the next N periods with ISO dates and decimal amounts', async () => {
    const res = await api('GET', `/services/${serviceId}/schedule?periods=3`);
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ serviceId, nextDueDate: '2026-03-31', invoiceDaysBefore: 7 });
    expect(
      res.json.data.periods.map((p: Record<string, unknown>) => [p.start, p.end, p.lastDay, p.invoiceDate, p.amount, p.currency]),
    ).toEqual([
      ['2026-03-31', '2026-04-30', '2026-04-29', '2026-03-24', '10.0000', 'USD'],
      ['2026-04-30', '2026-05-31', '2026-05-30', '2026-04-23', '10.0000', 'USD'],
      ['2026-05-31', '2026-06-30', '2026-06-29', '2026-05-24', '10.0000', 'USD'],
    ]);
    expect((await api('GET', `/services/${serviceId}/schedule`)).json.data.periods).toHaveLength(12);
  });

  it('answers a junk count with the field, and an unknown service with 404', async () => {
    for (const periods of ['0', '61', 'all', '-1', ''])
      expectFieldError(await api('GET', `/services/${serviceId}/schedule?periods=${periods}`), 'periods');
    expect((await api('GET', '/services/999999/schedule')).status).toBe(404);
    expect((await api('GET', '/services/abc/schedule')).status).toBe(404);
  });
});
