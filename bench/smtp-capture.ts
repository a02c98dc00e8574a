import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A real SMTP server on loopback that accepts everything and keeps only counts: how many
 * messages arrived, and when each Message-ID first did (for latency and duplicate counts).
 */
export async function startCapture() {
  let received = 0;
  const firstSeen = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A reverse DNS lookup per connection would time the sandbox's resolver, not the app.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      let head = '';
      let headDone = false;
      stream.on('data', (d: Buffer) => {
        if (headDone) return;
        head += d.toString('latin1');
        headDone = head.includes('\r\n\r\n') || head.length > 64 * 1024;
      });
      stream.on('end', () => {
        const at = performance.now();
        received++;
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1];
        if (id && !firstSeen.has(id)) firstSeen.set(id, at);
        callback();
      });
    },
  });
  server.on('error', (e) => console.error('bench smtp:', e.message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Messages accepted since the last reset, duplicates included. */
    get received() {
      return received;
    },
    /** Distinct Message-IDs since the last reset, with performance.now() of first arrival. */
    firstSeen,
    reset() {
      received = 0;
      firstSeen.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
