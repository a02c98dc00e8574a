import { createHmac } from 'node:crypto';
import type { InstanceConfig, LifecycleVerb, ProvisioningPlugin } from './plugin.ts';
import { PermanentPluginError } from './plugin.ts';

const TIMEOUT_MS = 10_000;

/** The signature a receiver checks: hex HMAC-SHA256 of "<timestamp>.<body>" under the signing secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

async function post(instance: InstanceConfig, event: string, payload: Record<string, unknown>, idempotencyKey?: string) {
  const body = JSON.stringify({ event, ...payload });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const secret = String(instance.settings.signingSecret ?? '');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-hostbill-event': event,
    'x-hostbill-timestamp': timestamp,
    'x-hostbill-signature': `sha256=${signWebhook(secret, timestamp, body)}`,
  };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  try {
    return await fetch(String(instance.settings.url), { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new Error(`could not reach ${new URL(String(instance.settings.url)).host} (${cause ?? (err as Error).message})`);
  }
}

/** Sends each lifecycle call as an HMAC-signed JSON POST; any 2xx is success. */
export const webhookPlugin: ProvisioningPlugin = {
  key: 'webhook',
  name: 'Webhook',
  description: 'Posts a signed JSON request to your endpoint for every lifecycle event.',
  instanceFields: [
    { key: 'url', label: 'Endpoint URL', type: 'url', required: true, help: 'Receives POST requests with a JSON body.' },
    {
      key: 'signingSecret',
      label: 'Signing secret',
      type: 'secret',
      required: true,
      maxLength: 200,
      help: 'Used to sign each request (X-Hostbill-Signature).',
    },
  ],
  packageFields: [
    { key: 'plan', label: 'Remote plan name', type: 'text', required: true, maxLength: 120 },
    { key: 'region', label: 'Region', type: 'select', options: ['eu', 'us', 'asia'], default: 'eu' },
    { key: 'diskGb', label: 'Disk (GB)', type: 'number', min: 1, max: 100000 },
  ],
  tags: [
    { name: 'webhook.username', description: 'Username returned by your endpoint', sample: 'client42', label: 'Username' },
    { name: 'webhook.server', description: 'Server returned by your endpoint', sample: 'eu1.example.net', label: 'Server' },
  ],
  async testConnection(instance) {
    try {
      const res = await post(instance, 'ping', {});
      return res.ok
        ? { ok: true, message: `Connected: the endpoint answered ${res.status}.` }
        : { ok: false, message: `The endpoint answered ${res.status} ${res.statusText}.` };
    } catch (err) {
      return { ok: false, message: `Could not connect: ${(err as Error).message}.` };
    }
  },
  async run(verb: LifecycleVerb, ctx) {
    const res = await post(
      ctx.instance,
      verb,
      { service: ctx.service, options: ctx.packageOptions, chosenOptions: ctx.chosenOptions ?? [], targetPackage: ctx.targetPackageSlug },
      ctx.idempotencyKey,
    );
    if (res.ok) {
      const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      const tags = Object.fromEntries(
        Object.entries(data)
          .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
          .map(([k, v]) => [`webhook.${k}`, String(v)]),
      );
      return { data: tags };
    }
    // 4xx (other than 408/429) is the endpoint refusing the request: retrying will not help.
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      throw new PermanentPluginError(`The endpoint refused ${verb}: ${res.status} ${res.statusText}.`);
    }
    throw new Error(`The endpoint answered ${res.status} to ${verb}.`);
  },
};
