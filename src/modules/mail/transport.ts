import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { storedReason } from '../shared/errors.ts';
import { plainMessage, type WrittenMail } from './plain-mime.ts';
import { writtenMessage } from './write-mime.ts';

export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

/** `send` resolves to the SMTP server's answer on accepting the message ("250 2.0.0 Ok: queued as ..."). */
export type MailTransport = { send(mail: OutgoingMail): Promise<string>; close(): void };

/**
 * The SMTP URL as nodemailer reads it, pooled unless it says otherwise (`?pool=false`).
 * NOTE: without a pool every message opens, greets and closes its own connection; a pool keeps
 * up to `maxConnections` (5 unless the URL says) open and sends message after message on them.
 */
export function pooledUrl(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('pool')) u.searchParams.set('pool', 'true');
  return u.toString();
}

/**
 * A message already built, as nodemailer's SMTP transports read one (`mail.message`): its
 * envelope, its Message-ID and its bytes as one stream chunk.
 */
function builtMessage(raw: Buffer, envelope: { from: string | false; to: string[] }, messageId: string) {
  return {
    getEnvelope: () => ({ from: envelope.from, to: [...envelope.to] }),
    messageId: () => messageId,
    getHeader: (name: string) => (name.toLowerCase() === 'message-id' ? messageId : undefined),
    createReadStream: () => Readable.from([raw], { objectMode: false }),
  };
}

/**
 * The message as MIME: its bytes and envelope.
 * NOTE: the multipart boundaries' random part is given, one per message from the buffered
 * randomUUID (16 hex digits, as nodemailer's own, so headers fold as they did); left to
 * nodemailer, every MIME part drew its own from crypto.randomBytes, a few percent of a mail
 * worker's CPU. Parts stay apart by their number ("-Part_2"). A text-and-HTML email is written
 * straight from its values (plain-mime.ts); any other goes through nodemailer's composer.
 */
export async function composeMessage(mail: OutgoingMail, date = new Date()): Promise<WrittenMail> {
  const baseBoundary = randomUUID().replaceAll('-', '').slice(0, 16);
  if (!mail.attachments?.length) {
    const plain = plainMessage(mail, date, baseBoundary);
    if (plain) return plain;
  }
  const options: ConstructorParameters<typeof MailComposer>[0] & { baseBoundary: string } = { ...mail, date, baseBoundary };
  const message = new MailComposer(options).compile();
  return { raw: await writtenMessage(message), envelope: message.getEnvelope() };
}

type SmtpSend = (
  mail: { data: object; message: ReturnType<typeof builtMessage> },
  done: (err: Error | null, info?: { response?: string }) => void,
) => void;

/** SMTP from a URL (smtp://user:pass@host:port, smtps:// for TLS). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(pooledUrl(url), {});
  // NOTE: the SMTP transport under nodemailer's Mailer (a pool, or a connection per message),
  // given the message built here. Through Mailer.sendMail the built message was composed and
  // streamed a second time (plugins, headers parsed again, a stream pipeline per message): about
  // a fifth of the CPU of a send. The transport's contract is nodemailer's documented one for
  // transports: `send(mail, callback)` with `mail.data` and `mail.message`.
  const mailer = transporter as unknown as { transporter: { send: SmtpSend; getSocket?: unknown }; getSocket?: unknown };
  const smtp = mailer.transporter;
  // A `?proxy=` in the URL: Mailer.sendMail hands the socket it set up to its transport on the
  // first send; sending past it, we hand it over here, once.
  if (typeof mailer.getSocket === 'function') {
    smtp.getSocket = mailer.getSocket;
    mailer.getSocket = false;
  }
  return {
    async send(mail) {
      // NOTE: the message is built in memory and handed over whole, with the envelope its headers
      // give. Streamed, nodemailer wrote it to the socket a piece at a time (about ten writes, each
      // a system call, for a welcome email); whole, it is one. The bytes sent are the same.
      const { raw, envelope } = await composeMessage(mail);
      const built = builtMessage(raw, envelope, mail.messageId);
      const info = await new Promise<{ response?: string }>((resolve, reject) =>
        smtp.send({ data: {}, message: built }, (err, sent) => (err ? reject(err) : resolve(sent ?? {}))),
      );
      return info.response ?? '';
    },
    close: () => transporter.close(),
  };
}

/**
 * What went wrong, for the message log: nodemailer's message and, when the server answered, its
 * code and words ("451 4.3.0 Try again later"), which its message does not always carry.
 */
export function sendError(err: unknown): string {
  const e = err as { message?: unknown; responseCode?: unknown; response?: unknown };
  const message = String(e?.message ?? err);
  const answer = typeof e?.response === 'string' ? e.response : typeof e?.responseCode === 'number' ? String(e.responseCode) : '';
  // The message log stores this.
  return storedReason(answer && !message.includes(answer) ? `${message} (SMTP ${answer})` : message);
}
