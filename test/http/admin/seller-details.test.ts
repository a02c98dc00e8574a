import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffClient, type Client, type TestApp, makeTestApp } from '../../helpers/app.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { makePackage, PNG, seedBasics, textOf } from '../fixtures.ts';
import { saveWelcomeEmail } from '../../../src/modules/catalog/save-welcome-email.ts';
import { queueWelcomeEmail } from '../../../src/modules/services/queue-welcome-email.ts';
import { getSellerDetails } from '../../../src/modules/settings/seller-details.ts';

let t: TestApp;
let owner: Client;

beforeAll(async () => {
  t = await makeTestApp();
  await seedBasics(t);
  owner = await staffClient(t, 'owner');
});
afterAll(() => t.close());

const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const SELLER = {
  name: 'Acme Hosting GmbH',
  address: 'Beispielstraße 1\r\n10115 Berlin\r\nGermany',
  vatId: 'DE123456789',
  registrationNumber: 'HRB 12345 B',
  email: 'billing@acme.example',
  footer: 'IBAN DE89 3704 0044 0532 0130 00\nPayable within 14 days.',
};

describe('seller details (Settings)', () => {
  it('are saved from the settings page and printed on invoice PDFs, the footer on every page', async () => {
    const res = await owner.post('/admin/settings/seller', SELLER);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/settings?saved=Seller%20details#seller');
    const page = await textOf(await owner.get('/admin/settings'));
    expect(page).toContain('value="DE123456789"');
    expect(page).toContain('Beispielstraße 1');
    const [client] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('buyer@docs.example', 'Bea Buyer', 'USD') returning id`,
    );
    const [invoice] = await sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 10, 0, 10, '2027-01-10') returning id`,
      [client!.id],
    );
    const pdf = await owner.get(`/admin/invoices/${invoice!.id}/pdf`);
    expect(pdf.status).toBe(200);
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    for (const line of [
      'Acme Hosting GmbH',
      'Beispielstraße 1',
      '10115 Berlin',
      'VAT ID: DE123456789',
      'Registration: HRB 12345 B',
      'billing@acme.example',
      'IBAN DE89 3704 0044 0532 0130 00 · Payable within 14 days.',
    ])
      expect(text).toContain(line);
  });

  it('answer junk with a message next to the field and keep what was stored', async () => {
    const before = await getSellerDetails(t.em());
    const cases: [Record<string, string>, string][] = [
      [{ ...SELLER, name: '  ' }, 'Give the legal name.'],
      [{ ...SELLER, vatId: 'DE 123<script>' }, 'Use letters, digits, spaces and . - / only.'],
      // Printed on every invoice: checked for the seller's country, as a client's is.
      [{ ...SELLER, vatId: '-5' }, 'Use 4 to 20 letters and digits.'],
      [{ ...SELLER, country: 'DE', vatId: '-5' }, 'That is not a VAT ID of this country: it looks like DE'],
      [{ ...SELLER, country: 'DE', vatId: 'FR12345678901' }, 'A VAT ID from this country starts with DE'],
      [{ ...SELLER, country: 'US', vatId: '12' }, 'Use 4 to 20 letters and digits.'],
      // No country: an EU prefix is checked as that country's ID ("DE 123" is no German VAT ID).
      [{ ...SELLER, vatId: 'DE 123' }, 'That is not a VAT ID of this country: it looks like DE'],
      [{ ...SELLER, email: 'not-an-email' }, 'Give an email address like billing@example.com.'],
      [{ ...SELLER, footer: 'x'.repeat(301) }, 'The footer: at most 300 characters.'],
      [{ ...SELLER, address: 'y'.repeat(501) }, 'The address: at most 500 characters.'],
    ];
    for (const [form, message] of cases) {
      const res = await owner.post('/admin/settings/seller', form);
      expect(res.status, message).toBe(422);
      expect(await textOf(res)).toContain(message);
    }
    expect(await getSellerDetails(t.em())).toEqual(before);
    // A NUL is refused next to its field on the settings page, the rest of what was typed kept.
    const nul = await owner.post('/admin/settings/seller', { ...SELLER, name: 'Typed Name Ltd', address: 'Line 1\u0000' });
    expect(nul.status).toBe(422);
    const nulPage = await textOf(nul);
    expect(nulPage).toMatch(/id="seller-address-error"[^>]*>Remove the NUL character/);
    expect(nulPage).toContain('value="Typed Name Ltd"');
    expect(await getSellerDetails(t.em())).toEqual(before);
    // As typed with spaces and dots, written the one way VIES writes it.
    expect((await owner.post('/admin/settings/seller', { ...SELLER, country: 'DE', vatId: 'de 123.456.789' })).status).toBe(303);
    expect(await getSellerDetails(t.em())).toMatchObject({ country: 'DE', vatId: 'DE123456789' });
    // Outside the EU, printed as typed.
    expect((await owner.post('/admin/settings/seller', { ...SELLER, country: 'US', vatId: '12-3456789' })).status).toBe(303);
    expect(await getSellerDetails(t.em())).toMatchObject({ country: 'US', vatId: '12-3456789' });
    expect((await owner.post('/admin/settings/seller', { ...before })).status).toBe(303);
  });

  it('the legal name is {company.name} in welcome emails', async () => {
    const { catalogId } = (await sql<{ catalogId: number }>('select id as "catalogId" from catalog limit 1'))[0]!;
    const packageId = await makePackage(t, catalogId, 'Mailed');
    await saveWelcomeEmail(t.em(), packageId, {
      language: 'en',
      subject: 'Welcome from {company.name}',
      html: '<p>{company.name}</p>',
      text: '{company.name}',
    });
    const [service] = await sql<{ id: number }>(
      `insert into service (client_id, package_id, status) values ((select id from client where email = 'buyer@docs.example'), ?, 'active') returning id`,
      [packageId],
    );
    expect(await t.em().transactional((tx) => queueWelcomeEmail(tx, service!.id))).toBe(true);
    const [mail] = await sql<{ subject: string; text: string }>(`select subject, text from mail_message where dedupe_key = ?`, [
      `welcome:service:${service!.id}`,
    ]);
    expect(mail).toMatchObject({ subject: 'Welcome from Acme Hosting GmbH', text: expect.stringContaining('Acme Hosting GmbH') });
  });

  it('support staff may look but not change them', async () => {
    const support = await staffClient(t, 'support');
    expect((await support.post('/admin/settings/seller', { ...SELLER, name: 'Hijacked' })).status).toBe(403);
    expect((await getSellerDetails(t.em())).name).toBe('Acme Hosting GmbH');
  });
});

describe('the seller logo', () => {
  const upload = (file: File | null, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.set('_csrf', owner.csrf);
    if (file) form.set('logo', file);
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    return owner.request('/admin/settings/logo', { method: 'POST', body: form });
  };
  const logoRow = async () => (await sql<{ n: number }>(`select count(*)::int as n from setting where key = 'company_logo'`))[0]!.n;

  it('refuses junk next to the field and keeps what was stored', async () => {
    for (const [file, says] of [
      [new File(['GIF89a...'], 'logo.gif', { type: 'image/gif' }), 'must be a PNG or JPEG'],
      [new File([new Uint8Array(300 * 1024).fill(0x89)], 'big.png', { type: 'image/png' }), 'at most 256 KB'],
      [null, 'Choose an image file'],
    ] as const) {
      const res = await upload(file);
      expect(res.status).toBe(422);
      const html = await textOf(res);
      expect(html).toMatch(new RegExp(`id="f-logo-error"[^>]*>[^<]*${says}`));
    }
    expect(await logoRow()).toBe(0);
  });

  it('is printed on invoice PDFs once uploaded, previewed on the page, and can be removed', async () => {
    expect((await upload(new File([PNG], 'logo.png', { type: 'image/png' }))).status).toBe(303);
    const preview = await owner.get('/admin/settings/logo');
    expect(preview.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await preview.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    expect(await textOf(await owner.get('/admin/settings'))).toContain('<img src="/admin/settings/logo"');
    const [client] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('logo@docs.example', 'Lo Go', 'USD') returning id`,
    );
    const [invoice] = await sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 10, 0, 10, '2027-01-10') returning id`,
      [client!.id],
    );
    const withLogo = Buffer.from(await (await owner.get(`/admin/invoices/${invoice!.id}/pdf`)).arrayBuffer()).toString('latin1');
    expect(withLogo).toMatch(/\/Subtype\s*\/Image/);
    expect((await upload(null, { remove: '1' })).status).toBe(303);
    expect((await owner.get('/admin/settings/logo')).status).toBe(404);
    const without = Buffer.from(await (await owner.get(`/admin/invoices/${invoice!.id}/pdf`)).arrayBuffer()).toString('latin1');
    expect(without).not.toMatch(/\/Subtype\s*\/Image/);
  });
});
