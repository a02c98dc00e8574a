import type Stripe from 'stripe';
import type { FieldValues } from '../../plugins/rules/field-spec.ts';
import { DomainError } from '../../shared/errors.ts';
import type { GatewayEnv } from '../gateway.ts';

export type { Stripe };

// NOTE: the SDK is loaded on first use: a process that never takes a card never pays for it.
let sdk: Promise<typeof import('stripe')> | null = null;
const clients = new Map<string, Stripe>();

/** The SDK for the saved keys, pointed at STRIPE_API_URL when set (a local stand-in in tests). */
export async function stripeFor(settings: FieldValues, env: Pick<GatewayEnv, 'stripeApiUrl'>): Promise<Stripe> {
  const key = typeof settings.secret_key === 'string' ? settings.secret_key : '';
  if (!key) throw new DomainError('Card payments are not set up: the Stripe secret key is missing.');
  const cacheKey = `${key}\n${env.stripeApiUrl ?? ''}`;
  const known = clients.get(cacheKey);
  if (known) return known;
  sdk ??= import('stripe');
  const { default: StripeSdk } = await sdk;
  const url = env.stripeApiUrl ? new URL(env.stripeApiUrl) : null;
  const client = new StripeSdk(key, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(url
      ? {
          host: url.hostname,
          port: url.port || (url.protocol === 'https:' ? 443 : 80),
          protocol: url.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
  clients.set(cacheKey, client);
  return client;
}

/** Webhook signatures are checked with the SDK's own code, whatever client made the call. */
export async function stripeWebhooks(): Promise<Stripe['webhooks']> {
  sdk ??= import('stripe');
  const { default: StripeSdk } = await sdk;
  return StripeSdk.webhooks;
}

export function isTestKey(settings: FieldValues): boolean {
  return typeof settings.secret_key === 'string' && settings.secret_key.startsWith('sk_test_');
}
