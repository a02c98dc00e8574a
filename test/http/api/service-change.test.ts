// POST /api/v1/services/{id}/change-package/preview and /confirm: JSON in and out, ISO dates,
// decimal strings, 4xx JSON errors naming the fields, and the support token refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { apiToken, makeTestApp, ORIGIN, type TestApp } from '../../helpers/app.ts';
import { activeService, scalingStore, type ScalingStore } from '../../integration/scaling-fixtures.ts';

let t: TestApp;
let s: ScalingStore;
let app: ReturnType<typeof createApp>;
let token: string;
let supportToken: string;
const em = () => t.em();
const q = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(query, params);

async function api(path: string, body?: unknown, as = token) {
  const res = await app.request(`${ORIGIN}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: any; error?: { status: number; message: string; fields?: Record<string, string> } },
  };
}

beforeAll(async () => {
  t = await makeTestApp();
  s = await scalingStore(em);
  app = createApp({ orm: t.orm, config: t.config, now: () => new Date('2026-01-17T08:00:00Z') });
  token = await apiToken(t, 'owner');
  supportToken = await apiToken(t, 'support');
});
afterAll(() => t.close());

const upgrade = () => ({ packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.linux] });

describe('change-package preview', () => {
  it('answers the worked example in JSON with ISO dates and decimal strings', async () => {
    const { serviceId, clientId } = await activeService(em, q, s.basic, '2026-01-01');
    const res = await api(`/services/${serviceId}/change-package/preview`, upgrade());
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      serviceId,
      clientId,
      from: { packageId: s.basic, packageName: 'Web Basic', priceName: 'Monthly' },
      to: { packageId: s.pro, packageName: 'Web Pro', priceName: 'Monthly', optionIds: [s.os.linux] },
      period: { start: '2026-01-01', end: '2026-02-01' },
      daysLeft: 15,
      daysInPeriod: 31,
      daysInNewTerm: 31,
      lines: [
        { kind: 'upgrade-credit', amount: '-4.8387' },
        { kind: 'upgrade-charge', amount: '9.6774' },
      ],
      net: '4.8387',
      tax: '0.9200',
      total: '5.7600',
      outcome: 'invoice',
      currency: 'USD',
      effectiveDate: '2026-01-17',
      nextDueDate: '2026-02-01',
      renewal: { amount: '18.0000', currency: 'USD' },
    });
    expect(res.body.data.snapshot).toBeUndefined();
    // The same target by price id.
    const [price] = await q<{ id: number }>(`select id from package_price where package_id = ? and name = 'Monthly'`, [s.pro]);
    const byId = await api(`/services/${serviceId}/change-package/preview`, {
      packageId: s.pro,
      priceId: price!.id,
      optionIds: [s.os.linux],
    });
    expect(byId.body.data.net).toBe('4.8387');
  });

  it('answers junk with 4xx JSON naming the fields', async () => {
    const { serviceId } = await activeService(em, q, s.basic, '2026-01-01');
    const path = `/services/${serviceId}/change-package/preview`;
    const cases: [unknown, number, string[]][] = [
      [{ packageId: 'x', priceName: 'Monthly' }, 422, ['packageId']],
      [{ packageId: s.pro }, 422, ['priceName']],
      [{ packageId: s.pro, priceName: 'Monthly', optionIds: ['a'] }, 422, ['optionIds.0']],
      [{ packageId: s.pro, priceName: 'Monthly' }, 422, [`optionIds.${s.os.groupId}`]],
      [{ packageId: s.stranger, priceName: 'Monthly' }, 422, ['packageId']],
      [{ packageId: s.mini, priceName: 'Lifetime' }, 422, ['priceName']],
      [{ packageId: s.pro, priceId: 999999, optionIds: [s.os.linux] }, 422, ['priceId']],
      ['[1, 2]', 422, ['body']],
      ['{"packageId":', 422, ['body']],
    ];
    for (const [body, status, fields] of cases) {
      const res = await api(path, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(Object.keys(res.body.error!.fields ?? {}), JSON.stringify(body)).toEqual(fields);
    }
    expect((await api(path)).status).toBe(422);
    expect((await api('/services/999999/change-package/preview', upgrade())).status).toBe(404);
    expect((await api('/services/abc/change-package/preview', upgrade())).status).toBe(404);
  });
});

describe('change-package confirm', () => {
  it('confirms a preview: 201 with the change and its invoice; paying it applies the change', async () => {
    const { serviceId } = await activeService(em, q, s.basic, '2026-01-01');
    const preview = (await api(`/services/${serviceId}/change-package/preview`, upgrade())).body.data;
    const res = await api(`/services/${serviceId}/change-package/confirm`, {
      ...upgrade(),
      expectedNet: preview.net,
      expectedTotal: preview.total,
      expectedCurrency: preview.currency,
      effectiveDate: preview.effectiveDate,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'awaiting_payment', invoiceId: expect.any(Number), preview: { total: '5.7600' } });
    expect(await q('select actor from service_change where id = ?', [res.body.data.changeId])).toEqual([
      { actor: expect.stringMatching(/^api:api-owner\d+@example\.com$/) },
    ]);
    await payInvoice(
      em(),
      { invoiceId: res.body.data.invoiceId, gateway: 'manual', reference: 'api-change' },
      new Date('2026-01-17T09:00:00Z'),
    );
    expect(await q('select package_id from service where id = ?', [serviceId])).toEqual([{ package_id: s.pro }]);
  });

  it('with the preview’s choiceKey, refuses another choice at the same amounts (409), and junk in it (422)', async () => {
    const { serviceId } = await activeService(em, q, s.basic, '2026-01-01');
    const preview = (await api(`/services/${serviceId}/change-package/preview`, upgrade())).body.data;
    expect(preview.choiceKey).toMatch(/^[\w-]{22}$/);
    // The same choice sent another way (the option as a list or alone) has the same key.
    const again = (await api(`/services/${serviceId}/change-package/preview`, { ...upgrade(), optionIds: String(s.os.linux) })).body.data;
    expect(again.choiceKey).toBe(preview.choiceKey);
    const seen = {
      expectedNet: preview.net,
      expectedTotal: preview.total,
      expectedCurrency: preview.currency,
      effectiveDate: preview.effectiveDate,
    };
    const path = `/services/${serviceId}/change-package/confirm`;
    const other = await api(path, { ...upgrade(), ...seen, expectedChoice: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(other.status).toBe(409);
    expect(other.body.error!.message).toBe('Your choice changed since its preview; please review the new preview.');
    const junk = await api(path, { ...upgrade(), ...seen, expectedChoice: 'x'.repeat(65) });
    expect(junk.status).toBe(422);
    expect(Object.keys(junk.body.error!.fields!)).toEqual(['expectedChoice']);
    expect(await q('select count(*)::int as n from service_change where service_id = ?', [serviceId])).toEqual([{ n: 0 }]);
    const done = await api(path, { ...upgrade(), ...seen, expectedChoice: preview.choiceKey });
    expect(done.status).toBe(201);
  });

  it('refuses a stale or malformed confirmation, and a support token', async () => {
    const { serviceId } = await activeService(em, q, s.basic, '2026-01-01');
    const path = `/services/${serviceId}/change-package/confirm`;
    const seen = { expectedNet: '4.8387', expectedTotal: '5.7600', expectedCurrency: 'USD', effectiveDate: '2026-01-17' };
    // Any of the net, the total with tax, the currency or the day differing from the preview: preview again.
    for (const other of [
      { expectedNet: '4.8300' },
      { expectedTotal: '4.8400' },
      { expectedCurrency: 'EUR' },
      { effectiveDate: '2026-01-16' },
    ]) {
      const stale = await api(path, { ...upgrade(), ...seen, ...other });
      expect(stale.status, JSON.stringify(other)).toBe(409);
      expect(stale.body.error!.message).toBe('The amounts changed since your preview; please review the new preview.');
    }
    const junk = await api(path, {
      ...upgrade(),
      expectedNet: 'twelve',
      expectedTotal: '5,76',
      expectedCurrency: 'dollars',
      effectiveDate: '17/01/2026',
    });
    expect(junk.status).toBe(422);
    expect(Object.keys(junk.body.error!.fields!)).toEqual(['expectedNet', 'expectedTotal', 'expectedCurrency', 'effectiveDate']);
    // All four are required: a caller cannot confirm amounts it did not repeat.
    const { expectedTotal: _t, ...withoutTotal } = seen;
    const { expectedCurrency: _c, ...withoutCurrency } = seen;
    expect(Object.keys((await api(path, { ...upgrade(), ...withoutTotal })).body.error!.fields!)).toEqual(['expectedTotal']);
    expect(Object.keys((await api(path, { ...upgrade(), ...withoutCurrency })).body.error!.fields!)).toEqual(['expectedCurrency']);
    expect((await api(path, { ...upgrade(), ...seen }, supportToken)).status).toBe(403);
    expect((await api(`/services/${serviceId}/change-package/preview`, upgrade(), supportToken)).status).toBe(403);
    // The documented body says the same.
    const doc = (await (await app.request(`${ORIGIN}/api/v1/openapi.json`)).json()) as {
      components: { schemas: Record<string, { required?: string[]; properties: Record<string, { pattern?: string }> }> };
    };
    const confirm = doc.components.schemas.ServiceChangeConfirm!;
    expect(confirm.required).toEqual(
      expect.arrayContaining(['packageId', 'expectedNet', 'expectedTotal', 'expectedCurrency', 'effectiveDate']),
    );
    expect(confirm.properties.expectedCurrency!.pattern).toBe('^[A-Z]{3}$');
    expect(await q('select count(*)::int as n from service_change where service_id = ?', [serviceId])).toEqual([{ n: 0 }]);
  });
});
