import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, type TestApp } from '../../helpers/app.ts';
import { makeStripeApp, SECRET_KEY } from '../../helpers/stripe-app.ts';
import { seedBasics } from '../fixtures.ts';
import { apiCaller, expectApiError } from './helpers.ts';

let t: TestApp;
let close: () => Promise<void>;
let token = '';
const api = apiCaller(
  () => t,
  () => token,
);

beforeAll(async () => {
  ({ t, close } = await makeStripeApp());
  await seedBasics(t);
  token = await apiToken(t, 'owner');
});
afterAll(() => close());

describe('/api/v1/gateways', () => {
  it('lists the gateways in order without any secret', async () => {
    const r = await api('GET', '/gateways');
    expect(r.status).toBe(200);
    expect(r.json.data.map((g: { key: string }) => g.key)).toEqual(['credit', 'stripe', 'manual', 'test']);
    const stripe = r.json.data[1];
    expect(stripe).toMatchObject({ enabled: true, mode: 'Test mode', savedSecrets: ['secret_key', 'webhook_secret'] });
    expect(JSON.stringify(r.json)).not.toContain(SECRET_KEY);
    expect(stripe.settingsFields.map((f: { key: string }) => f.key)).toContain('retry_days');
  });

  it('saves settings, keeps stored secrets when left out, moves and tests', async () => {
    const r = await api('PUT', '/gateways/stripe', {
      enabled: true,
      currencies: ['usd'],
      settings: { retry_days: '1,2', auto_charge: true, dispute_suspends: false },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.data).toMatchObject({
      enabled: true,
      currencies: ['USD'],
      settings: { retry_days: '1,2', auto_charge: true, dispute_suspends: false },
      savedSecrets: ['secret_key', 'webhook_secret'],
    });
    expect((await api('POST', '/gateways/stripe/test')).json.data).toEqual({ ok: true, message: 'Connected to Stripe in test mode.' });
    expect((await api('POST', '/gateways/stripe/move', { direction: 'down' })).json.data).toEqual(['credit', 'manual', 'stripe', 'test']);
    expect((await api('POST', '/gateways/stripe/move', { direction: 'up' })).json.data).toEqual(['credit', 'stripe', 'manual', 'test']);
  });

  it('answers junk with 4xx JSON naming the field, and changes nothing', async () => {
    const before = (await api('GET', '/gateways/stripe')).json.data;
    expectApiError(await api('PUT', '/gateways/stripe', { enabled: true, currencies: ['XYZ'] }), 422, 'currencies');
    expectApiError(await api('PUT', '/gateways/stripe', { enabled: true, currencies: 'EUR,USD' }), 422, 'currencies.0');
    expectApiError(
      await api('PUT', '/gateways/stripe', { enabled: true, settings: { secret_key: 'pk_live_x' } }),
      422,
      'settings.secret_key',
    );
    expectApiError(await api('PUT', '/gateways/stripe', { enabled: true, settings: { retry_days: 5 } }), 422, 'settings.retry_days');
    expectApiError(await api('PUT', '/gateways/stripe', { enabled: true, settings: 'yes' }), 422, 'settings');
    // A flag of junk is refused, not read as "off".
    expectApiError(await api('PUT', '/gateways/stripe', { enabled: 'yes' }), 422, 'enabled');
    expectApiError(await api('PUT', '/gateways/stripe', { enabled: 2 }), 422, 'enabled');
    expectApiError(await api('PUT', '/gateways/stripe', '{nope'), 422, 'body');
    expectApiError(await api('POST', '/gateways/stripe/move', { direction: 'sideways' }), 422, 'direction');
    expectApiError(await api('PUT', '/gateways/paypal', { enabled: true }), 404);
    expectApiError(await api('POST', '/gateways/paypal/test'), 404);
    expect((await api('GET', '/gateways/stripe')).json.data).toEqual(before);
  });

  it('refuses writes with a support token', async () => {
    const support = await apiToken(t, 'support');
    expectApiError(await api('PUT', '/gateways/stripe', { enabled: false }, { token: support }), 403);
    expect((await api('GET', '/gateways/stripe', undefined, { token: support })).status).toBe(200);
  });
});
