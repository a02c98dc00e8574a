import nodemailer from 'nodemailer';

export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export type MailTransport = { send(mail: OutgoingMail): Promise<void>; close(): void };

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

/** SMTP from a URL (smtp://user:pass@host:port, smtps:// for TLS). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(pooledUrl(url), {});
  return {
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}
