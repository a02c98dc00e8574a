import nodemailer from 'nodemailer';

export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type MailTransport = { send(mail: OutgoingMail): Promise<void>; close(): void };

/** SMTP from a URL (smtp://user:pass@host:port, smtps:// for TLS). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url, {});
  return {
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}
