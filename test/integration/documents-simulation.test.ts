// Two years of invoices as documents and the messages about them, day by day: clients in several
// countries, businesses with VAT IDs and consumers without, English and German; renewals every
// month, reminder sweeps every morning, payments on the due day or up to three weeks late. At the
// end: every issued invoice has a number with no gap and no repeat per year; VAT follows the
// buyer; every expected message reached the SMTP server exactly once and nothing else did; every
// PDF prints the stored totals.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { mulberry32 } from '../helpers/random.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { saveSellerDetails } from '../../src/modules/settings/seller-details.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { queueInvoiceReminders } from '../../src/modules/invoicing/queue-invoice-reminders.ts';
import { renderInvoicePdf } from '../../src/modules/invoicing/render-invoice-pdf.ts';
import { formatMoneyIn } from '../../src/i18n/format.ts';
import { fromDecimalString } from '../../src/modules/shared/money.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';

const SEED = Number(process.env.SIM_SEED ?? 20261204);
const DAY0 = '2027-01-01';
const DAYS = Number(process.env.SIM_DAYS ?? 730);
const OVERDUE_DAYS = [1, 7, 14]; // the defaults
const BEFORE_DUE = 3;
const LAST_DAY = new Date(Date.parse(`${DAY0}T00:00:00Z`) + (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);

let m: Awaited<ReturnType<typeof startMailWorker>>;
let queues: ReturnType<typeof createQueues>;
const em = () => m.db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);

const DAY_MS = 86_400_000;
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

// Who buys: the VAT each should pay with a German seller (DOMAIN.md "Invoice documents").
const BUYERS = [
  { country: 'DE', vatId: null, language: 'de', rate: '19.0000', reverse: false },
  { country: 'DE', vatId: 'DE811569869', language: 'de', rate: '19.0000', reverse: false },
  { country: 'FR', vatId: 'FRXX123456789', language: 'en', rate: '0.0000', reverse: true },
  { country: 'FR', vatId: null, language: 'en', rate: '20.0000', reverse: false },
  { country: 'AT', vatId: 'ATU12345678', language: 'de', rate: '0.0000', reverse: true },
  { country: 'US', vatId: 'EIN123456789', language: 'en', rate: null, reverse: false },
] as const;
const CLIENTS = 18;
const clients: { id: number; email: string; buyer: (typeof BUYERS)[number] }[] = [];

/** The day each invoice gets paid: on its due day, or 1-21 days late, from a hash of its id. */
const lateBy = new Map<number, number>();
function lateness(invoiceId: number): number {
  let late = lateBy.get(invoiceId);
  if (late === undefined) {
    const r = mulberry32(SEED ^ Math.imul(invoiceId, 2654435761))();
    late = r < 0.6 ? 0 : 1 + Math.floor(((r - 0.6) / 0.4) * 21);
    lateBy.set(invoiceId, late);
  }
  return late;
}

beforeAll(async () => {
  m = await startMailWorker('hbdocsim', { PUBLIC_URL: 'https://billing.example.com' });
  queues = createQueues(m.redis, m.prefix, 200);
  await sql(
    `insert into language (code, name, is_default) values ('en', 'English', true), ('de', 'Deutsch', false) on conflict do nothing`,
  );
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '1', isDefault: '1' });
  for (const [country, rate] of [
    ['DE', '19'],
    ['FR', '20'],
    ['AT', '20'],
  ])
    await saveTaxRate(em(), { country, name: `VAT ${country}`, rate });
  await saveSellerDetails(em(), { name: 'Hostbill GmbH', address: 'Torstr. 5\n10119 Berlin', country: 'DE', vatId: 'DE123456789' });
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  const vps = await createPackage(em(), { catalogId: catalog.id, name: 'VPS' });
  await savePrice(em(), vps.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'EUR',
    price: '9.9900',
  });
  const snapshot = {
    v: 1,
    priceName: 'Monthly',
    price: { name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'EUR', price: '9.9900' },
    quote: { currency: 'EUR', renewalAmount: '9.9900', lines: [{ quantity: 1 }] },
  };
  for (let i = 0; i < CLIENTS; i++) {
    const buyer = BUYERS[i % BUYERS.length]!;
    const email = `sim${i}@documents.example`;
    const [row] = await sql<{ id: number }>(
      `insert into client (email, name, country, currency, language, vat_id, company) values (?, ?, ?, 'EUR', ?, ?, ?) returning id`,
      [email, `Client ${i}`, buyer.country, buyer.language, buyer.vatId, buyer.vatId ? `Company ${i} Ltd` : null],
    );
    clients.push({ id: row!.id, email, buyer });
    // One order through checkout (numbered at issue like any invoice), then a running service
    // whose renewals the billing runs invoice, anchored on a day of its own.
    const { invoice } = await placeOrder(
      em(),
      { clientId: row!.id, packageId: vps.id, priceName: 'Monthly' },
      new Date(`${DAY0}T09:00:00Z`),
    );
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: `order-${invoice.id}` }, new Date(`${DAY0}T09:05:00Z`));
    const anchor = 1 + (i % 28);
    await sql(
      `insert into service (client_id, package_id, status, price_snapshot, anchor_day, next_due_date) values (?, ?, 'active', ?::jsonb, ?, ?)`,
      [row!.id, vps.id, JSON.stringify(snapshot), anchor, plusDays(DAY0, anchor - 1)],
    );
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await m?.close();
});

it('two years: gapless numbers, VAT by buyer, every message once, PDFs print what is stored', async () => {
  const relay = createRelay(m.db.orm, queues);
  for (let d = 0; d < DAYS; d++) {
    const day = plusDays(DAY0, d);
    await runBillingNow(em(), day, new Date(`${day}T06:00:00Z`));
    await queueInvoiceReminders(em(), new Date(`${day}T08:00:00Z`));
    const unpaid = await sql<{ id: number; due_date: string }>(
      `select id, due_date::text from invoice where status = 'unpaid' and due_date <= ?::date`,
      [day],
    );
    for (const inv of unpaid) {
      if (daysBetween(inv.due_date, day) >= lateness(inv.id))
        await payInvoice(em(), { invoiceId: inv.id, gateway: 'test', reference: `pay-${inv.id}` }, new Date(`${day}T12:00:00Z`));
    }
    if (d % 30 === 0) relay.kick();
  }
  relay.kick();
  await until(
    async () => (await sql<{ n: number }>(`select count(*)::int as n from mail_message where status <> 'sent'`))[0]!.n === 0,
    120_000,
  );

  const invoices = await sql<{
    id: number;
    number: string | null;
    client_id: number;
    order_id: number | null;
    status: string;
    due_date: string;
    tax_rate: string | null;
    reverse_charge: boolean;
    subtotal: string;
    tax: string;
    total: string;
    paid_at: Date;
  }>(
    'select id, number, client_id, order_id, status, due_date::text, tax_rate, reverse_charge, subtotal, tax, total, paid_at from invoice order by id',
  );
  // The first order, then a renewal a month (the last month may be invoiced or not).
  expect(invoices.length).toBeGreaterThanOrEqual(CLIENTS * (1 + Math.floor(DAYS / 31) - 1));

  // Numbers: every invoice has one, and each year's run 1..n with no gap and no repeat.
  const byYear = new Map<string, number[]>();
  for (const i of invoices) {
    const [, year, counter] = /^INV-(\d{4})-(\d{4,})$/.exec(i.number ?? '') ?? [];
    expect(year, `invoice ${i.id} numbered ${i.number}`).toBeDefined();
    byYear.set(year!, [...(byYear.get(year!) ?? []), Number(counter)]);
  }
  expect([...byYear.keys()].sort()).toEqual(DAYS > 365 ? ['2027', '2028'] : ['2027']);
  for (const [, counters] of byYear) expect(counters.sort((a, b) => a - b)).toEqual(counters.map((_, i) => i + 1));

  // VAT by buyer.
  const buyerOf = new Map(clients.map((c) => [c.id, c.buyer]));
  for (const i of invoices) {
    const b = buyerOf.get(i.client_id)!;
    expect({ rate: i.tax_rate, reverse: i.reverse_charge }, `invoice ${i.id}`).toEqual({ rate: b.rate, reverse: b.reverse });
  }

  // Messages: the SMTP server got each stored email once, and the stored ones are exactly those expected.
  const mails = await sql<{ id: string; dedupe_key: string; to: string; subject: string }>(
    'select id, dedupe_key, "to", subject from mail_message order by id',
  );
  const ids = m.smtp.received.map((r) => r.messageId);
  expect(ids.length).toBe(mails.length);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(new Set(mails.map((x) => `<mail-${x.id}@hostbill>`)));
  const expected = new Set<string>();
  for (const i of invoices) {
    // An order's invoice is paid minutes after checkout, before the mail worker writes its email:
    // the receipt says it all. A renewal's is written with the run.
    if (i.order_id === null) expected.add(`invoice_issued:${i.id}`);
    // Unpaid at the end: issued in the last days, not yet due or not yet paid late.
    if (i.status === 'paid') expected.add(`payment_receipt:${i.id}`);
    else expect(daysBetween(i.due_date, LAST_DAY)).toBeLessThan(lateness(i.id));
    if (i.order_id !== null) continue; // due the day it was ordered, and paid then
    const paidOn = i.status === 'paid' ? i.paid_at.toISOString().slice(0, 10) : LAST_DAY;
    // The sweep runs at 08:00 and payments come at 12:00: a reminder of the payment day goes out
    // (and of the last day, for one still unpaid).
    const remindOn = plusDays(i.due_date, -BEFORE_DUE);
    if (daysBetween(DAY0, remindOn) >= 0 && daysBetween(remindOn, paidOn) >= 0) expected.add(`invoice_reminder:${i.id}:${BEFORE_DUE}`);
    for (const late of OVERDUE_DAYS)
      if (daysBetween(plusDays(i.due_date, late), paidOn) >= 0) expected.add(`invoice_overdue:${i.id}:${late}`);
  }
  const billing = mails.filter((x) => !x.dedupe_key.startsWith('welcome'));
  const got = new Set(billing.map((x) => x.dedupe_key));
  expect({ missing: [...expected].filter((k) => !got.has(k)), extra: [...got].filter((k) => !expected.has(k)) }).toEqual({
    missing: [],
    extra: [],
  });
  expect(billing.length).toBe(expected.size);
  // A German client's invoice email is in German, an English client's in English.
  const language = new Map(clients.map((c) => [c.email, c.buyer.language]));
  for (const x of billing.filter((b) => b.dedupe_key.startsWith('invoice_issued:')))
    expect(x.subject).toMatch(language.get(x.to) === 'de' ? /^Ihre Rechnung INV-/ : /^Invoice INV-/);

  // Renewal lines are written in the client's language when the invoice is made.
  const lines = await sql<{ client_id: number; description: string }>(
    'select i.client_id, l.description from invoice_line l join invoice i on i.id = l.invoice_id where i.order_id is null',
  );
  for (const l of lines)
    expect(l.description).toMatch(
      buyerOf.get(l.client_id)!.language === 'de'
        ? /^VPS #\d+, \d{2}\.\d{2}\.\d{4} bis \d{2}\.\d{2}\.\d{4}$/
        : /^VPS #\d+, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/,
    );

  // PDFs print the stored totals (a sample across the two years), in the client's language.
  for (const i of invoices.filter((_, n) => n % 7 === 0)) {
    const text = pdfText((await renderInvoicePdf(em(), i.id)).content);
    const lang = buyerOf.get(i.client_id)!.language;
    for (const amount of [i.subtotal, i.tax, i.total])
      expect(text, `invoice ${i.id}`).toContain(formatMoneyIn(lang, fromDecimalString(amount), 'EUR', 2));
    expect(text).toContain(i.number!);
    expect(text.includes(lang === 'de' ? 'Steuerschuldnerschaft des Leistungsempfängers' : 'Reverse charge')).toBe(i.reverse_charge);
  }
}, 900_000);
