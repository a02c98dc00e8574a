import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
  to: string[];
  raw: string;
  messageId: string | null;
  subject: string | null;
}

/**
 * A real SMTP server in-process. `failNext(n, to?)` answers the next n messages (to that
 * address, if given) with a temporary 451 error, as a struggling mail server would. A `port`
 * lets a test keep mail "down" on an address, then open a server there.
 */
export async function startSmtp(opts: { port?: number } = {}) {
  const received: CapturedMail[] = [];
  let failures = 0;
  let failTo: string | undefined;
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (failures > 0 && (!failTo || to.includes(failTo))) {
          failures--;
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(err);
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? null,
          subject: /^Subject:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? null,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    /** Connections opened so far (a pooled transport reuses a few for many messages). */
    connections: () => connections,
    failNext(n: number, to?: string) {
      failures = n;
      failTo = to;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
