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

/** Undoes a part's transfer encoding (quoted-printable, base64 or none) as a mail program does. */
function decodePart(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!/quoted-printable/i.test(encoding)) return body;
  const soft = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? /^[0-9A-F]{2}/i.exec(soft.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The text and HTML bodies of a captured message (multipart/alternative or a single part), decoded. */
export function mailBodies(raw: string): { text: string | null; html: string | null } {
  const found: { text: string | null; html: string | null } = { text: null, html: null };
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    const head = part.slice(0, split);
    const body = part
      .slice(split)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n$/, '');
    const encoding = /Content-Transfer-Encoding:\s*(\S+)/i.exec(head)?.[1] ?? '7bit';
    if (/Content-Type:\s*text\/html/i.test(head)) found.html = decodePart(body, encoding).replace(/\r\n/g, '\n');
    else if (/Content-Type:\s*text\/plain/i.test(head)) found.text = decodePart(body, encoding).replace(/\r\n/g, '\n');
  }
  return found;
}

/** Every part of a captured message, nested multiparts opened. */
export function partsOf(raw: string) {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!);
  return boundaries.reduce((parts, b) => parts.flatMap((p) => p.split(`--${b}`)), [raw]);
}

/** The attachments of a captured message: name, type and decoded bytes. */
export function attachmentsOf(raw: string) {
  return partsOf(raw)
    .filter((p) => /Content-Disposition:\s*attachment/i.test(p))
    .map((p) => {
      const split = p.search(/\r?\n\r?\n/);
      const head = p.slice(0, split);
      return {
        type: /Content-Type:\s*([^;\r\n]+)/i.exec(head)?.[1],
        name: /filename="?([^";\r\n]+)"?/i.exec(head)?.[1],
        bytes: Buffer.from(p.slice(split).replace(/\s+/g, ''), 'base64'),
      };
    });
}
