import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { redirectLogs, setLogLevel } from '../../src/observability/log.ts';
import { INBOX_RESPONSE, inboxTransport } from '../../src/modules/mail/inbox-transport.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { sendMail } from '../../src/modules/mail/send-mail.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import type { InboxAttachment } from '../../src/modules/mail/dev-inbox.entities.ts';

// Development without SMTP_URL: the mail worker keeps each email in the built-in inbox, as it
// would have been sent (its PDF included), once however often its job runs.

let m: Awaited<ReturnType<typeof startMailWorker>>;
const lines: string[] = [];
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  setLogLevel('info');
  const restore = redirectLogs({ write: (line) => lines.push(line) });
  try {
    // A blank SMTP_URL is an unset one: the helper's in-process SMTP server is left unused.
    m = await startMailWorker('hbinbox', { NODE_ENV: 'development', SMTP_URL: '', PUBLIC_URL: 'http://localhost:3000' });
  } finally {
    restore();
    setLogLevel('warn');
  }
});
afterAll(() => m.close());

describe('the built-in inbox', () => {
  it('is where the worker says mail goes', () => {
    expect(m.config.SMTP_URL).toBeUndefined();
    expect(lines.join('')).toContain('Mail: built-in inbox at http://localhost:3000/admin/inbox (set SMTP_URL to send real mail)');
  });

  it('keeps an invoice email with its PDF, once even when the job runs again', async () => {
    const { db, redis, prefix, config } = m;
    const [client] = await sql<{ id: number }>(
      `insert into client (email, name, country, currency) values ('ada@inbox.example', 'Ada', 'GB', 'EUR') returning id`,
    );
    const [inv] = await sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date) values (?, 'unpaid', 'EUR', 100, 0, 100, 0, '2026-12-24') returning id`,
      [client!.id],
    );
    await sql(`insert into invoice_line (invoice_id, kind, description, amount) values (?, 'package', 'VPS — Monthly', 100)`, [inv!.id]);
    const mailId = await db.orm.em.fork().transactional((tx) =>
      queueMail(tx, {
        to: 'ada@inbox.example',
        subject: 'Invoice ready',
        html: '<p>Your <b>invoice</b></p>',
        text: 'Your invoice',
        dedupeKey: 'inbox-1',
        attachments: [{ kind: 'invoice-pdf', invoiceId: inv!.id }],
      }),
    );
    const queues = createQueues(redis, prefix, 200);
    createRelay(db.orm, queues).kick();
    await until(
      async () => (await sql<{ status: string }>('select status from mail_message where id = ?', [mailId]))[0]?.status === 'sent',
      20_000,
    );

    const inbox = () =>
      sql<{
        message_id: string;
        from: string;
        to: string;
        subject: string;
        html: string;
        text: string;
        attachments: InboxAttachment[];
        received_at: Date;
      }>('select * from dev_inbox_message');
    const [row, ...more] = await inbox();
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({
      message_id: `<mail-${mailId}@hostbill>`,
      from: config.MAIL_FROM,
      to: 'ada@inbox.example',
      subject: 'Invoice ready',
      html: '<p>Your <b>invoice</b></p>',
      text: 'Your invoice',
    });
    expect(row!.received_at).toBeInstanceOf(Date);
    expect(row!.attachments).toHaveLength(1);
    const pdf = row!.attachments[0]!;
    expect(pdf).toMatchObject({ filename: `invoice-${inv!.id}.pdf`, contentType: 'application/pdf' });
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.length).toBe(pdf.size);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [sent] = await sql<{ smtp_response: string }>('select smtp_response from mail_message where id = ?', [mailId]);
    expect(sent!.smtp_response).toBe(INBOX_RESPONSE);
    expect(sent!.smtp_response).toContain('inbox');

    // The job run again (a retry, a second worker): sent already, nothing more kept.
    const transport = inboxTransport(() => db.orm.em.fork());
    expect(await sendMail(db.orm.em.fork(), transport, mailId, config.MAIL_FROM, new Date())).toBe('already-sent');
    // A crash after the inbox kept it but before "sent" was stored: the resend keeps no second copy.
    await sql(`update mail_message set status = 'failed', claimed_until = null where id = ?`, [mailId]);
    expect(await sendMail(db.orm.em.fork(), transport, mailId, config.MAIL_FROM, new Date())).toBe('sent');
    expect(await inbox()).toHaveLength(1);
    expect(m.smtp.received).toHaveLength(0);
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });
});

describe('SMTP_URL in production', () => {
  it('is required: the app refuses to start without it, in one sentence', () => {
    const env = {
      NODE_ENV: 'production',
      APP_SECRET: 'p'.repeat(40),
      PUBLIC_URL: 'https://billing.example.com',
      DATABASE_URL: m.config.DATABASE_URL,
    };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(
      'Configuration problem: SMTP_URL must be set in production (e.g. smtps://user:pass@mail.example.com:465).',
    );
    expect(loadConfig({ ...env, SMTP_URL: 'smtp://mailpit:1025' }).SMTP_URL).toBe('smtp://mailpit:1025');
  });
});
