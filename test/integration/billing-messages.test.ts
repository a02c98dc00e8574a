import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { mailBodies } from '../helpers/smtp.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { queueInvoiceIssued } from '../../src/modules/invoicing/queue-invoice-issued.ts';
import { queueInvoiceReminders } from '../../src/modules/invoicing/queue-invoice-reminders.ts';
import { queueClientMessage } from '../../src/modules/notices/queue-client-message.ts';
import { NOTICE_EVENTS } from '../../src/modules/notices/rules/notice-events.ts';
import { saveNoticeSettings } from '../../src/modules/notices/save-notice-settings.ts';
import { saveMessageTemplate } from '../../src/modules/notices/save-message-template.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { invoiceIssuedLater } from '../../src/queue/jobs.ts';

// Billing messages through the real pipeline: stored in the caller's transaction, handed to the
// mail worker by the outbox, sent over SMTP to a server that counts them. Each is asked for twice,
// and twice at once, and must arrive once.

let m: Awaited<ReturnType<typeof startMailWorker>>;
let queues: ReturnType<typeof createQueues>;
const URL_BASE = 'https://billing.example.com';
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);
const em = () => m.db.orm.em.fork();

let n = 0;
async function client(language: string | null) {
  const email = `client${++n}-${language ?? 'none'}@messages.example`;
  const [row] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency, language) values (?, 'Jürgen Weiß', 'DE', 'EUR', ?) returning id`,
    [email, language],
  );
  return { id: row!.id, email };
}

async function invoice(clientId: number, opts: { status?: string; total?: string; credit?: string; due?: string; created?: string } = {}) {
  const total = opts.total ?? '119.0000';
  const [row] = await sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, tax_rate, due_date, created_at) values (?, ?, 'EUR', ?, 0, ?, ?, 19, ?, ?) returning id`,
    [clientId, opts.status ?? 'unpaid', total, total, opts.credit ?? '0', opts.due ?? '2026-12-24', opts.created ?? '2026-12-01T09:00:00Z'],
  );
  await sql(`update invoice set number = 'INV-2026-' || lpad(id::text, 4, '0') where id = ?`, [row!.id]);
  await sql(`insert into invoice_line (invoice_id, kind, description, amount) values (?, 'package', 'VPS Small — Monthly', ?)`, [
    row!.id,
    total,
  ]);
  return row!.id;
}

/** Every stored email is sent (or failed) and the SMTP server has what it got. */
async function delivered() {
  createRelay(m.db.orm, queues).kick();
  await until(
    async () => (await sql<{ n: number }>(`select count(*)::int as n from mail_message where status in ('queued', 'sending')`))[0]!.n === 0,
    30_000,
  );
}

const receivedBy = (email: string) => m.smtp.received.filter((r) => r.to.includes(email));
const stored = (email: string) =>
  sql<{ kind: string; subject: string; text: string; dedupe_key: string; attachments: unknown[] }>(
    'select kind, subject, text, dedupe_key, attachments from mail_message where "to" = ? order by id',
    [email],
  );

/** Asked twice in a row, then twice at once: four requests, in their own transactions. */
async function askFourTimes(ask: () => Promise<unknown>) {
  await ask();
  await ask();
  await Promise.all([ask(), ask()]);
}

beforeAll(async () => {
  m = await startMailWorker('hbnotice', { PUBLIC_URL: URL_BASE });
  queues = createQueues(m.redis, m.prefix, 200);
  await sql(
    `insert into language (code, name, is_default) values ('en', 'English', true), ('de', 'Deutsch', false) on conflict do nothing`,
  );
});
afterAll(async () => {
  await Promise.all(Object.values(queues).map((q) => q.close()));
  await m.close();
});

describe('billing messages', () => {
  it('every event sends one message per key, however often and however concurrently it is asked', async () => {
    const c = await client('en');
    for (const event of NOTICE_EVENTS) {
      await askFourTimes(() =>
        em().transactional((tx) => queueClientMessage(tx, { event, clientId: c.id, key: 'any-7', values: { 'invoice.number': 'INV-7' } })),
      );
    }
    await delivered();
    expect(receivedBy(c.email)).toHaveLength(NOTICE_EVENTS.length);
    expect((await stored(c.email)).map((s) => s.kind).sort()).toEqual([...NOTICE_EVENTS].sort());
    // A new key is a new message.
    await em().transactional((tx) => queueClientMessage(tx, { event: 'invoice_overdue', clientId: c.id, key: 'any-7:14', values: {} }));
    await delivered();
    expect(receivedBy(c.email)).toHaveLength(NOTICE_EVENTS.length + 1);
  });

  it('an invoice issued: one email with the pay link and the PDF; paid, void and covered invoices get none; a German client gets German', async () => {
    const en = await client('en');
    const de = await client('de');
    const owed = await invoice(en.id);
    const german = await invoice(de.id);
    const paid = await invoice(en.id, { status: 'paid' });
    const voided = await invoice(en.id, { status: 'void' });
    const covered = await invoice(en.id, { credit: '119.0000' });
    const issue = () =>
      em().transactional((tx) =>
        queueInvoiceIssued(tx, [owed, german, paid, voided, covered], new Date('2026-12-01T10:00:00Z'), { publicUrl: URL_BASE }),
      );
    await askFourTimes(issue);
    await delivered();
    expect(receivedBy(en.email)).toHaveLength(1);
    expect(receivedBy(de.email)).toHaveLength(1);
    const [mail] = await stored(en.email);
    expect(mail).toMatchObject({
      kind: 'invoice_issued',
      dedupe_key: `invoice_issued:${owed}`,
      attachments: [{ kind: 'invoice-pdf', invoiceId: owed }],
    });
    expect(mail!.subject).toMatch(/^Invoice INV-2026-\d{4} from /);
    expect(mail!.text).toContain(`${URL_BASE}/account/invoices/${owed}`);
    expect(mail!.text).toContain('119.00');
    const raw = receivedBy(en.email)[0]!.raw;
    expect(raw).toMatch(/Content-Type: application\/pdf/i);
    const [deMail] = await stored(de.email);
    expect(deMail!.subject).toMatch(/^Ihre Rechnung INV-2026-\d{4} von /);
    expect(mailBodies(receivedBy(de.email)[0]!.raw).text ?? deMail!.text).toContain('Guten Tag Jürgen Weiß');
  });

  it("staff's wording is sent in its language; a switched-off event sends nothing", async () => {
    const de = await client('de');
    const fr = await client('fr');
    await saveMessageTemplate(em(), {
      event: 'invoice_issued',
      language: 'de',
      subject: 'Neue Rechnung {invoice.number} für {client.name}',
      html: '<p>Bitte zahlen: <a href="{invoice.pay_url}">hier</a></p>',
      text: 'Bitte zahlen: {invoice.pay_url}',
    });
    const first = await invoice(de.id);
    const french = await invoice(fr.id);
    await em().transactional((tx) => queueInvoiceIssued(tx, [first, french], new Date(), { publicUrl: URL_BASE }));
    await saveNoticeSettings(em(), { off: ['invoice_issued'], reminderDays: '3', overdueDays: '1, 7, 14' });
    const second = await invoice(de.id);
    await em().transactional((tx) => queueInvoiceIssued(tx, [second], new Date(), { publicUrl: URL_BASE }));
    await saveNoticeSettings(em(), { off: [], reminderDays: '3', overdueDays: '1, 7, 14' });
    await delivered();
    const mails = await stored(de.email);
    expect(mails.map((x) => x.dedupe_key)).toEqual([`invoice_issued:${first}`]);
    expect(mails[0]!.subject).toMatch(/^Neue Rechnung INV-2026-\d{4} für Jürgen Weiß$/);
    expect(mails[0]!.text).toBe(`Bitte zahlen: ${URL_BASE}/account/invoices/${first}`);
    // No French wording: the default language's (English, built in).
    expect((await stored(fr.email))[0]!.subject).toMatch(/^Invoice INV-2026-\d{4} from /);
  });

  it('an invoice issued at checkout is written by the mail worker: one email however often its job runs; one paid before it runs gets only its receipt', async () => {
    const c = await client('en');
    const owed = await invoice(c.id);
    const paidSoon = await invoice(c.id);
    for (const invoiceId of [owed, owed, paidSoon]) await em().transactional((tx) => invoiceIssuedLater(tx, { invoiceId }));
    // Paid (say by card, at once) before the worker gets to its email.
    await payInvoice(em(), { invoiceId: paidSoon, gateway: 'test', reference: `card-${paidSoon}` }, new Date());
    createRelay(m.db.orm, queues).kick();
    await until(
      async () =>
        (await sql<{ n: number }>(`select count(*)::int as n from outbox where processed_at is null and job = 'invoice-issued'`))[0]!.n ===
        0,
      30_000,
    );
    // The same job again, as a redelivery would hand it over, twice at once.
    const again = await Promise.all(
      [1, 2].map((k) => queues.mail.add('invoice-issued', { invoiceId: owed }, { jobId: `again-${owed}-${k}` })),
    );
    await until(async () => (await Promise.all(again.map((j) => j.getState()))).every((s) => s === 'completed'), 30_000);
    await delivered();
    expect((await stored(c.email)).map((x) => x.dedupe_key).sort()).toEqual([`invoice_issued:${owed}`, `payment_receipt:${paidSoon}`]);
    expect(
      receivedBy(c.email)
        .map((r) => r.subject)
        .sort(),
    ).toEqual([expect.stringMatching(/^Invoice INV-/), expect.stringMatching(/^Thank you for your payment/)]);
  });

  it('a payment sends one receipt with the PDF, however often it is reported', async () => {
    const c = await client('en');
    const id = await invoice(c.id);
    const now = new Date('2026-12-20T12:00:00Z');
    await askFourTimes(() => payInvoice(em(), { invoiceId: id, gateway: 'manual', reference: `bank-${id}` }, now).catch((e: Error) => e));
    await delivered();
    expect(receivedBy(c.email)).toHaveLength(1);
    const [mail] = await stored(c.email);
    expect(mail).toMatchObject({ kind: 'payment_receipt', attachments: [{ kind: 'invoice-pdf', invoiceId: id }] });
    expect(mail!.text).toMatch(/on\s+2026-12-20/);
  });

  it('the reminder sweep: each reminder once, whatever runs repeat or race; a missed week sends only the latest', async () => {
    const c = await client('de');
    const soon = await invoice(c.id, { due: '2027-01-13' }); // 3 days ahead of the 10th
    const late = await invoice(c.id, { due: '2027-01-03' }); // 7 days late on the 10th
    const stale = await invoice(c.id, { due: '2026-12-01' }); // 40 days late: past every notice
    await invoice(c.id, { due: '2027-01-13', status: 'paid' });
    const day = (d: string) => new Date(`${d}T08:00:00Z`);
    await askFourTimes(() => queueInvoiceReminders(em(), day('2027-01-10'), { publicUrl: URL_BASE }));
    await delivered();
    const keys = (await stored(c.email)).map((x) => x.dedupe_key).sort();
    expect(keys).toEqual([`invoice_overdue:${late}:7`, `invoice_reminder:${soon}:3`]);
    expect(keys.some((k) => k.includes(`:${stale}:`))).toBe(false);
    expect(receivedBy(c.email)).toHaveLength(2);
    const german = (await stored(c.email)).find((x) => x.kind === 'invoice_overdue')!;
    expect(german.subject).toMatch(/^Zahlungserinnerung: Rechnung INV-2026-\d{4} ist überfällig$/);
    // The next day's runs send nothing new (the same offsets, caught up).
    await queueInvoiceReminders(em(), day('2027-01-11'), { publicUrl: URL_BASE });
    await delivered();
    expect(receivedBy(c.email)).toHaveLength(2);
    // A sweep missing a week: the 14-day notice only, not the days between.
    expect(await queueInvoiceReminders(em(), day('2027-01-18'), { publicUrl: URL_BASE })).toEqual({ queued: 1 });
    await delivered();
    expect((await stored(c.email)).map((x) => x.dedupe_key)).toContain(`invoice_overdue:${late}:14`);
    expect(receivedBy(c.email)).toHaveLength(3);
  });
});
