import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { saveGatewaySettings } from '../../src/modules/payments/save-gateway-settings.ts';
import { makeTestApp, type TestApp } from './app.ts';
import { freePort } from './processes.ts';
import { startStripeStandIn, type StripeStandIn } from './stripe-stand-in.ts';

export const WEBHOOK_SECRET = 'whsec_standinsecret';
export const SECRET_KEY = 'sk_test_standin';

/**
 * The app served over real HTTP (Stripe's page sends the client back to PUBLIC_URL, and its
 * webhooks need an address), with the Stripe gateway on and pointed at a local stand-in.
 */
export async function makeStripeApp(
  env: Record<string, string> = {},
): Promise<{ t: TestApp; stripe: StripeStandIn; base: string; close: () => Promise<void> }> {
  const stripe = await startStripeStandIn();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await makeTestApp({ STRIPE_API_URL: stripe.url, PUBLIC_URL: base, ...env });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  if ((server.address() as AddressInfo).port !== port) throw new Error('port moved');
  stripe.setWebhook(`${base}/webhooks/stripe`, WEBHOOK_SECRET);
  await saveGatewaySettings(
    t.em(),
    'stripe',
    {
      enabled: 'on',
      currencies: [],
      settings: { secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET, retry_days: '1,3,5', auto_charge: 'on', dispute_suspends: 'on' },
    },
    t.config.APP_SECRET,
  );
  return {
    t,
    stripe,
    base,
    close: async () => {
      await stripe.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stripe.close();
      await t.close();
    },
  };
}

/** The gateway's page URL out of our "taking you there" page. */
export function leavingTo(html: string): string {
  const m = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(html);
  if (!m) throw new Error(`no redirect page: ${html.slice(0, 300)}`);
  return m[1]!.replace(/&amp;/g, '&');
}

/**
 * Fills Stripe's (stand-in) page with a test card, completing or failing 3-D Secure when asked;
 * returns where it sends the browser back to (a path on our app), or null when it stays.
 */
export async function payOnStripePage(pageUrl: string, card: string, threeDs: 'complete' | 'fail' = 'complete'): Promise<string | null> {
  const res = await fetch(pageUrl, { method: 'POST', body: new URLSearchParams({ card, exp: '12 / 34', cvc: '123' }), redirect: 'manual' });
  let final = res;
  if (res.status === 200 && (await res.clone().text()).includes('Authenticate')) {
    final = await fetch(`${pageUrl}/3ds`, { method: 'POST', body: new URLSearchParams({ outcome: threeDs }), redirect: 'manual' });
  }
  const to = final.headers.get('location');
  if (final.status !== 303 || !to) return null;
  const url = new URL(to);
  return `${url.pathname}${url.search}`;
}
