// Invoices as documents (DOMAIN.md "Invoice documents"): numbers from a gapless series under any
// concurrency, from two processes, with rollbacks; the seller and buyer copied when issued; EU
// reverse charge priced at checkout and at renewal and printed on the PDF; old invoices numbered
// by the migration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from '@mikro-orm/migrations';
import { createTestDatabase } from '../helpers/db.ts';
import { runEntry } from '../helpers/processes.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { saveSellerDetails } from '../../src/modules/settings/seller-details.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { renderInvoicePdf } from '../../src/modules/invoicing/render-invoice-pdf.ts';
import { saveDocumentFormats } from '../../src/modules/invoicing/save-document-formats.ts';
import { documentFormats } from '../../src/modules/invoicing/document-formats.ts';
import { updateClientProfile } from '../../src/modules/clients/update-client-profile.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { DomainError } from '../../src/modules/shared/errors.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let packageId: number;
const NOW = new Date('2026-07-01T10:00:00Z');
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const one = async <T>(q: string, p: unknown[] = []) => (await sql<T>(q, p))[0]!;

async function client(name: string, country: string, vatId: string | null = null, company: string | null = null) {
  return (
    await one<{ id: number }>(
      `insert into client (email, name, country, currency, vat_id, company, address) values (?, ?, ?, 'EUR', ?, ?, 'Hauptstr. 1\n10115 Berlin') returning id`,
      [`${name}@example.com`, name, country, vatId, company],
    )
  ).id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '1', isDefault: '1' });
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1.1' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  await saveTaxRate(em(), { country: 'FR', name: 'TVA', rate: '20' });
  await saveSellerDetails(em(), {
    name: 'Hostbill GmbH',
    address: 'Torstr. 5\n10119 Berlin',
    country: 'DE',
    vatId: 'DE123456789',
    bankDetails: 'IBAN DE89 3704 0044 0532 0130 00',
    footer: 'Thank you',
  });
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  packageId = (await createPackage(em(), { catalogId: catalog.id, name: 'Web' })).id;
  await savePrice(em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'EUR',
    price: '10.00',
  });
});
afterAll(() => db?.drop());

describe('EU VAT', () => {
  it('a business in another EU country pays no VAT and its invoice says reverse charge; others pay their country rate', async () => {
    const cases = [
      { who: await client('fr-business', 'FR', 'FRXX123456789', 'Société Exemple'), tax: '0.0000', rate: '0.0000', reverse: true },
      { who: await client('fr-consumer', 'FR'), tax: '2.0000', rate: '20.0000', reverse: false },
      { who: await client('de-business', 'DE', 'DE811569869', 'Beispiel GmbH'), tax: '1.9000', rate: '19.0000', reverse: false },
      { who: await client('us-business', 'US', 'EIN12345678', 'Example Inc.'), tax: '0.0000', rate: null, reverse: false },
    ];
    for (const c of cases) {
      const { invoice } = await placeOrder(em(), { clientId: c.who, packageId, priceName: 'Monthly' }, NOW);
      const row = await one<{ tax: string; tax_rate: string | null; reverse_charge: boolean; number: string }>(
        'select tax, tax_rate, reverse_charge, number from invoice where id = ?',
        [invoice.id],
      );
      expect({ tax: row.tax, rate: row.tax_rate, reverse: row.reverse_charge }).toEqual({ tax: c.tax, rate: c.rate, reverse: c.reverse });
      expect(invoice.number).toBe(row.number);
      const text = pdfText((await renderInvoicePdf(em(), invoice.id)).content);
      expect(text.includes('Reverse charge')).toBe(c.reverse);
    }
  });

  it('the PDF prints the copies taken at issue: later edits of the client and the seller change nothing on it', async () => {
    const who = await client('copy', 'FR', 'FRXX123456789', 'Ancienne SARL');
    const { invoice } = await placeOrder(em(), { clientId: who, packageId, priceName: 'Monthly' }, NOW);
    const before = pdfText((await renderInvoicePdf(em(), invoice.id)).content);
    expect(before).toContain('Ancienne SARL');
    expect(before).toContain('VAT ID: FRXX123456789');
    expect(before).toContain('Hostbill GmbH');
    await updateClientProfile(em(), who, { company: 'Nouvelle SAS', vatId: '' });
    await saveSellerDetails(em(), { name: 'Renamed Hosting AG', country: 'DE' });
    const after = pdfText((await renderInvoicePdf(em(), invoice.id)).content);
    expect(after).toContain('Ancienne SARL');
    expect(after).toContain('Hostbill GmbH');
    expect(after).not.toContain('Renamed Hosting AG');
    expect(after).toContain('Reverse charge');
    await saveSellerDetails(em(), {
      name: 'Hostbill GmbH',
      address: 'Torstr. 5\n10119 Berlin',
      country: 'DE',
      vatId: 'DE123456789',
      bankDetails: 'IBAN DE89 3704 0044 0532 0130 00',
      footer: 'Thank you',
    });
  });

  it('prints bank details only where a bank transfer can pay the invoice, as its page offers it', async () => {
    const who = await client('transfer', 'DE');
    const { invoice: ordered } = await placeOrder(em(), { clientId: who, packageId, priceName: 'Monthly' }, NOW);
    const [renewal] = await sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, total, due_date, seller) values (?, 'unpaid', 'EUR', 10, 10, '2026-08-01', ?::jsonb) returning id`,
      [
        who,
        JSON.stringify({ name: 'Hostbill GmbH', address: '', country: 'DE', vatId: null, bankDetails: 'IBAN DE89 3704 0044 0532 0130 00' }),
      ],
    );
    const printed = async (id: number) => pdfText((await renderInvoicePdf(em(), id)).content).includes('IBAN DE89 3704 0044 0532 0130 00');
    const gateway = (enabled: boolean, currencies: string[] = [], settings: Record<string, string> = {}) =>
      sql(`update payment_gateway set enabled = ?, currencies = ?::jsonb, settings = ?::jsonb where key = 'manual'`, [
        enabled,
        JSON.stringify(currencies),
        JSON.stringify(settings),
      ]);
    try {
      await gateway(true);
      // An order's invoice is paid while its stock is held: no transfer, on its page or its PDF.
      expect(await printed(ordered.id)).toBe(false);
      expect(await printed(renewal!.id)).toBe(true);
      // The gateway's own bank details, when staff gave some, are the ones printed.
      await gateway(true, [], { instructions: 'Konto 123\nBIC XYZ' });
      expect(pdfText((await renderInvoicePdf(em(), renewal!.id)).content)).toContain('Konto 123, BIC XYZ');
      await gateway(true, ['USD']);
      expect(await printed(renewal!.id)).toBe(false);
      await gateway(false);
      expect(await printed(renewal!.id)).toBe(false);
      await gateway(true);
      await sql(`update invoice set status = 'paid', paid_at = now() where id = ?`, [renewal!.id]);
      expect(await printed(renewal!.id)).toBe(false);
    } finally {
      await gateway(true); // as the migration sets it up
    }
  });

  it('renewals apply the same rule: the EU business renews at 0% with the note', async () => {
    const who = await client('renewing', 'FR', 'FRXX123456789', 'Renouvellement SA');
    const snapshot = {
      v: 1,
      priceName: 'Monthly',
      price: { name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'EUR', price: '10.0000' },
      quote: { currency: 'EUR', renewalAmount: '10.0000', lines: [{ quantity: 1 }] },
    };
    await sql(
      `insert into service (client_id, package_id, status, price_snapshot, anchor_day, next_due_date) values (?, ?, 'active', ?::jsonb, 1, '2026-08-01')`,
      [who, packageId, JSON.stringify(snapshot)],
    );
    await runBillingNow(em(), '2026-07-31', new Date('2026-07-31T10:00:00Z'));
    const renewal = await one<{ tax: string; reverse_charge: boolean; number: string }>(
      `select tax, reverse_charge, number from invoice where client_id = ? and order_id is null`,
      [who],
    );
    expect(renewal).toMatchObject({ tax: '0.0000', reverse_charge: true });
    expect(renewal.number).toMatch(/^INV-2026-\d{4}$/);
  });

  it('junk VAT IDs are refused next to the field, and a good one is stored the way VIES writes it', async () => {
    const who = await client('profile', 'DE');
    for (const [vatId, says] of [
      ['DE12345', 'looks like DE123456789'],
      ['FR12345678901', 'starts with DE'],
      ['<script>', 'looks like DE123456789'],
    ] as const) {
      const err = await updateClientProfile(em(), who, { vatId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).fields.vatId).toContain(says);
    }
    await updateClientProfile(em(), who, { vatId: 'de 811.569.869' });
    expect((await one<{ vat_id: string }>('select vat_id from client where id = ?', [who])).vat_id).toBe('DE811569869');
  });
});

describe('invoice numbers', () => {
  it('refuses junk formats next to the field and two series with one format', async () => {
    const current = await documentFormats(em());
    for (const [raw, field] of [
      [{ invoiceFormat: 'INV-{YYYY}' }, 'invoiceFormat'],
      [{ invoiceFormat: 'INV-{0000}-{00}' }, 'invoiceFormat'],
      [{ invoiceFormat: 'INV-{MM}-{0000}' }, 'invoiceFormat'],
      [{ invoiceFormat: 'CN-{YYYY}-{0000}' }, 'creditNoteFormat'],
    ] as const) {
      const err = await saveDocumentFormats(em(), raw, current).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(Object.keys((err as DomainError).fields)).toContain(field);
    }
    expect(await documentFormats(em())).toEqual(current);
    // Too long: one limit, said once, whatever the length.
    for (const length of [45, 70]) {
      const err = (await saveDocumentFormats(em(), { invoiceFormat: `${'X'.repeat(length)}{0000}` }, current).catch(
        (e: unknown) => e,
      )) as DomainError;
      expect(err.fields.invoiceFormat).toMatch(/at most 30 characters/);
    }
  });

  it('stay gapless when 50 invoices are issued at once from two processes, some rolling back', async () => {
    const who = await client('many', 'DE');
    const procs = [0, 1].map(() => runEntry('test/fixtures/scripts/issue-invoices.ts', [db.url, String(who), '30', '6'], {}));
    const codes = await Promise.all(procs.map((p) => p.exited));
    expect(codes, procs.map((p) => p.output()).join('\n')).toEqual([0, 0]);
    const out = procs.map((p) => JSON.parse(p.output().trim().split('\n').at(-1)!) as { committed: string[]; failed: number });
    expect(out.map((o) => o.failed)).toEqual([5, 5]);
    const numbers = out.flatMap((o) => o.committed).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `INV-2027-${String(i + 1).padStart(4, '0')}`));
    const stored = await sql<{ number: string }>(`select number from invoice where number like 'INV-2027-%' order by number`);
    expect(stored.map((r) => r.number)).toEqual(numbers);
  }, 60_000);

  it('a new format goes on from the series counter; a yearless one keeps one counter', async () => {
    const current = await documentFormats(em());
    await saveDocumentFormats(em(), { invoiceFormat: 'R/{YYYY}/{000000}' }, current);
    const { invoice } = await placeOrder(em(), { clientId: await client('format', 'DE'), packageId, priceName: 'Monthly' }, NOW);
    const last = await one<{ n: number }>(`select count(*)::int as n from invoice where number like 'INV-2026-%'`);
    expect(invoice.number).toBe(`R/2026/${String(last.n + 1).padStart(6, '0')}`);
    await saveDocumentFormats(em(), { invoiceFormat: 'INV-{YYYY}-{0000}' }, current);
  });

  it('a counter that outgrows its zeros keeps every digit, from checkout and from a renewal run alike', async () => {
    const current = await documentFormats(em());
    await saveDocumentFormats(em(), { invoiceFormat: 'W{0}/R' }, current);
    const who = await client('outgrow', 'DE');
    const numbers: string[] = [];
    for (let i = 0; i < 11; i++)
      numbers.push((await placeOrder(em(), { clientId: who, packageId, priceName: 'Monthly' }, NOW)).invoice.number!);
    expect(numbers).toEqual(Array.from({ length: 11 }, (_, i) => `W${i + 1}/R`));
    const stored = await sql<{ number: string }>(`select number from invoice where client_id = ? order by id`, [who]);
    expect(stored.map((r) => r.number)).toEqual(numbers);
    await saveDocumentFormats(em(), { invoiceFormat: 'INV-{YYYY}-{0000}' }, current);
  });
});

describe('the migration', () => {
  it('numbers existing invoices per year in the order they were made, and the series goes on from there', async () => {
    const fresh = await createTestDatabase();
    const q = <T = Record<string, unknown>>(s: string, p: unknown[] = []) => fresh.orm.em.getConnection().execute<T[]>(s, p);
    try {
      await new Migrator(fresh.orm.em).down({ to: 'Migration20261204120000' });
      await q(`insert into currency (code, name, rate, minor_units, is_default) values ('EUR', 'Euro', 1, 2, true)`);
      await q(`insert into setting (key, value) values ('company', '{"name": "Old Name Ltd", "address": "1 Road"}')`);
      const [c] = await q<{ id: number }>(
        `insert into client (email, name, country) values ('old@example.com', 'Old Client', 'DE') returning id`,
      );
      for (const [at, status] of [
        ['2026-03-01', 'paid'],
        ['2025-12-30', 'unpaid'],
        ['2026-01-02', 'void'],
        ['2025-06-01', 'paid'],
        ['2026-01-02', 'draft'],
      ] as const) {
        await q(
          `insert into invoice (client_id, status, currency, subtotal, total, due_date, created_at) values (?, ?, 'EUR', 10, 10, ?, ?)`,
          [c!.id, status, at, `${at}T12:00:00Z`],
        );
      }
      await new Migrator(fresh.orm.em).up();
      const rows = await q<{
        id: number;
        number: string | null;
        status: string;
        buyer: { name: string } | null;
        seller: { name: string } | null;
      }>('select id, number, status, buyer, seller from invoice order by id');
      expect(rows.map((r) => r.number)).toEqual(['INV-2026-0002', 'INV-2025-0002', 'INV-2026-0001', 'INV-2025-0001', null]);
      // The void invoice keeps its number (a credit note cancels it); the draft gets one when issued.
      expect(rows[0]!.buyer?.name).toBe('Old Client');
      expect(rows[0]!.seller?.name).toBe('Old Name Ltd');
      const seq = await q<{ year: number; next: number }>(
        `select year, next from document_sequence where series = 'invoice' order by year`,
      );
      expect(seq).toEqual([
        { year: 2025, next: 3 },
        { year: 2026, next: 3 },
      ]);
    } finally {
      await fresh.drop();
    }
  }, 60_000);
});
