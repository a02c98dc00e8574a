import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { attachmentsOf, mailBodies, partsOf } from '../helpers/smtp.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { resendInvoice } from '../../src/modules/invoicing/resend-invoice.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { sendMail } from '../../src/modules/mail/send-mail.ts';
import { smtpTransport } from '../../src/modules/mail/transport.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';

// "Resend" through the real pipeline: the email is stored with what to attach, the outbox hands it
// to the mail worker, which renders the invoice's PDF and sends it over SMTP, once.

let m: Awaited<ReturnType<typeof startMailWorker>>;
let invoiceId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  m = await startMailWorker('hbresend', { PUBLIC_URL: 'https://billing.example.com' });
  const [client] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency) values ('zoe@resend.example', 'Zoë Ødegård 山田', 'NO', 'EUR') returning id`,
  );
  const [inv] = await sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date) values (?, 'unpaid', 'EUR', 100, 25, 125, 25, '2026-12-24') returning id`,
    [client!.id],
  );
  invoiceId = inv!.id;
  await sql(`insert into invoice_line (invoice_id, kind, description, amount) values (?, 'package', 'Dedicated server — Monthly', 100)`, [
    invoiceId,
  ]);
});
afterAll(() => m.close());

describe('resending an invoice', () => {
  it('is delivered once by the mail worker, with the invoice PDF rendered and attached', async () => {
    const { db, smtp, redis, config, prefix } = m;
    const queues = createQueues(redis, prefix, 200);
    const { to, mailId } = await resendInvoice(db.orm.em.fork(), invoiceId, { publicUrl: config.PUBLIC_URL });
    expect(to).toBe('zoe@resend.example');
    createRelay(db.orm, queues).kick();
    await until(
      async () => (await sql<{ status: string }>('select status from mail_message where id = ?', [mailId]))[0]?.status === 'sent',
      20_000,
    );
    const received = smtp.received.filter((m) => m.to.includes('zoe@resend.example'));
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    const text = partsOf(mail.raw)
      .map((p) => mailBodies(p).text)
      .find((t) => t !== null);
    expect(text).toContain(`https://billing.example.com/account/invoices/${invoiceId}`);
    const [pdf] = attachmentsOf(mail.raw);
    expect(pdf?.type).toBe('application/pdf');
    expect(pdf?.name).toBe(`invoice-${invoiceId}.pdf`);
    expect(pdf!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const printed = pdfText(pdf!.bytes);
    expect(printed).toContain('125.00 EUR');
    expect(printed).toContain('Zoë Ødegård');
    // The job run again (a retry, a second worker) sends nothing more.
    expect(await sendMail(db.orm.em.fork(), smtpTransport(smtp.url), mailId, config.MAIL_FROM, new Date())).toBe('already-sent');
    expect(smtp.received.filter((m) => m.to.includes('zoe@resend.example'))).toHaveLength(1);
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });

  it('is not sent without its attachment: a PDF of a row that is gone fails the job for good, recorded for staff', async () => {
    const { db, smtp, redis, prefix } = m;
    const queues = createQueues(redis, prefix, 200);
    const mailId = await db.orm.em.fork().transactional((tx) =>
      queueMail(tx, {
        to: 'gone@resend.example',
        subject: 'Gone',
        html: '<p>x</p>',
        text: 'x',
        dedupeKey: 'resend-gone',
        attachments: [{ kind: 'invoice-pdf', invoiceId: 99999999 }],
      }),
    );
    createRelay(db.orm, queues).kick();
    const outbox = () =>
      sql<{ gave_up: boolean; last_error: string | null }>(`select gave_up, last_error from outbox where dedupe_key = ?`, [
        `send-mail:${mailId}`,
      ]);
    await until(async () => (await outbox())[0]?.gave_up === true, 20_000);
    expect((await outbox())[0]!.last_error).toContain('That invoice was not found');
    const [row] = await sql<{ status: string; attempts: number }>('select status, attempts from mail_message where id = ?', [mailId]);
    // One attempt, not a retry every few hundred milliseconds.
    expect(row).toEqual({ status: 'failed', attempts: 1 });
    expect(smtp.received.filter((r) => r.to.includes('gone@resend.example'))).toHaveLength(0);
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });
});
