import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { attachmentsOf } from '../helpers/smtp.ts';
import { createManualInvoice } from '../../src/modules/invoicing/create-manual-invoice.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { addDays, calendarDateOf } from '../../src/modules/shared/dates.ts';

// An invoice staff write by hand reaches the client through the real pipeline: its "invoice
// issued" job and then its email go through the outbox to the mail worker, which renders the
// PDF with the typed lines and sends it over SMTP, once; unticked, nothing is sent.

let m: Awaited<ReturnType<typeof startMailWorker>>;
let clientId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  m = await startMailWorker('hbmanual', { PUBLIC_URL: 'https://billing.example.com' });
  await sql(`insert into currency (code, name, rate, minor_units, is_default) values ('EUR', 'Euro', 1, 2, true)`);
  await sql(`insert into tax_rate (country, name, rate) values ('NO', 'MVA', 25)`);
  [{ id: clientId }] = (await sql<{ id: number }>(
    `insert into client (email, name, country, currency) values ('nora@manual.example', 'Nora Nordmann', 'NO', 'EUR') returning id`,
  )) as [{ id: number }];
});
afterAll(() => m.close());

describe('an invoice written by hand', () => {
  it('is emailed once with its PDF listing the typed lines and the tax on the taxed ones', async () => {
    const { db, smtp, redis, prefix } = m;
    const queues = createQueues(redis, prefix, 200);
    const relay = createRelay(db.orm, queues);
    const now = new Date();
    const { invoiceId } = await createManualInvoice(
      db.orm.em.fork(),
      clientId,
      {
        lines: [
          { description: 'Datenrettung — 2 Stunden', amount: '180', taxable: true },
          { description: 'Courier for the disk', amount: '25.50', taxable: false },
        ],
        dueDate: addDays(calendarDateOf(now), 10),
      },
      now,
    );
    const sent = async () =>
      (await sql<{ n: number }>(`select count(*)::int as n from mail_message where kind = 'invoice_issued' and status = 'sent'`))[0]!.n;
    await until(async () => {
      relay.kick();
      return (await sent()) === 1;
    }, 20_000);
    const received = smtp.received.filter((r) => r.to.includes('nora@manual.example'));
    expect(received).toHaveLength(1);
    const [pdf] = attachmentsOf(received[0]!.raw);
    expect(pdf?.type).toBe('application/pdf');
    const printed = pdfText(pdf!.bytes);
    // 180.00 taxed at 25% = 45.00; 205.50 + 45.00 = 250.50.
    expect(printed).toContain('Datenrettung — 2 Stunden');
    expect(printed).toContain('Courier for the disk');
    expect(printed).toContain('45.00 EUR');
    expect(printed).toContain('250.50 EUR');
    const [invoice] = await sql<{ number: string }>('select number from invoice where id = ?', [invoiceId]);
    expect(printed).toContain(invoice!.number);
    // Asked again (the relay's sweep, a retried job): still one email.
    await relay.sweep(new Date(Date.now() + 10 * 60_000));
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.filter((r) => r.to.includes('nora@manual.example'))).toHaveLength(1);
    await relay.idle();
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });

  it('sends nothing when staff untick the email', async () => {
    const { db } = m;
    const before = (await sql<{ n: number }>('select count(*)::int as n from outbox'))[0]!.n;
    const { invoiceId } = await createManualInvoice(
      db.orm.em.fork(),
      clientId,
      { lines: [{ description: 'Quiet', amount: '5' }], sendEmail: false },
      new Date(),
    );
    const [row] = await sql<{ status: string; number: string | null }>('select status, number from invoice where id = ?', [invoiceId]);
    expect(row!.status).toBe('unpaid');
    expect(row!.number).not.toBeNull();
    expect((await sql<{ n: number }>('select count(*)::int as n from outbox'))[0]!.n).toBe(before);
  });
});
