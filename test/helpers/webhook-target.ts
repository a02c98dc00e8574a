import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '../../src/modules/plugins/webhook.ts';

/**
 * A provisioning endpoint for tests: checks signatures, counts calls per idempotency key, and
 * answers with a chosen status (or hangs, to be killed mid-call).
 */
export async function startWebhookTarget(secret: string) {
  const calls: { event: string; key: string | null; validSignature: boolean; body: Record<string, unknown> }[] = [];
  let status = 200;
  let hangMs = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => resolve(body));
    });
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await read(req);
    const sig = String(req.headers['x-hostbill-signature'] ?? '');
    const ts = String(req.headers['x-hostbill-timestamp'] ?? '');
    const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
    calls.push({
      event: String(parsed.event),
      key: (req.headers['idempotency-key'] as string) ?? null,
      validSignature: sig === `sha256=${signWebhook(secret, ts, body)}`,
      body: parsed,
    });
    if (hangMs) await new Promise((r) => setTimeout(r, hangMs));
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ username: 'client42', server: 'eu1.example.net' }));
  };
  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    calls,
    respondWith(code: number) {
      status = code;
    },
    hang(ms: number) {
      hangMs = ms;
    },
    callsFor: (key: string) => calls.filter((c) => c.key === key).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
