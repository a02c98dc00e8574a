import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { snapshot, seedBasics, textOf } from '../fixtures.ts';
import { apiCaller, expectApiError } from '../api/helpers.ts';
import { Browser, clientIdOf, uniqueEmail, unlabelled } from '../client/helpers.ts';
import { calendarDateOf, addDays } from '../../../src/modules/shared/dates.ts';
import { pdfText } from '../../helpers/pdf-text.ts';

// Staff invoice a client for lines of their own, from the client's page and the API: numbered at
// once, taxed per line at the client's rate, emailed through the outbox unless staff say not.

let t: TestApp;
let owner: Client;
let support: Client;
let token: string;
let gb: number;
let jp: number;
let gwen: Browser;
const api = apiCaller(
  () => t,
  () => token,
);
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const today = () => calendarDateOf(new Date());

interface InvoiceRow {
  id: number;
  number: string | null;
  status: string;
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
  tax_rate: string | null;
  due_date: string;
}
const invoicesOf = (clientId: number) =>
  sql<InvoiceRow>(
    `select id, number, status, currency, subtotal::text, tax::text, total::text, tax_rate::text, to_char(due_date, 'YYYY-MM-DD') as due_date
       from invoice where client_id = ? order by id`,
    [clientId],
  );
const linesOf = (invoiceId: number) =>
  sql<{ kind: string; description: string; amount: string; taxable: boolean }>(
    'select kind, description, amount::text, taxable from invoice_line where invoice_id = ? order by id',
    [invoiceId],
  );
const issuedEmails = (invoiceId: number) =>
  sql<{ n: number }>(`select count(*)::int as n from outbox where dedupe_key = ?`, [`invoice-issued:${invoiceId}`]).then((r) => r[0]!.n);

/** What the form sends: one entry per row, `taxable[]` naming the ticked rows. */
const form = (rows: [string, string, boolean?][], extra: Record<string, string | string[]> = {}) => ({
  'description[]': rows.map((r) => r[0]),
  'amount[]': rows.map((r) => r[1]),
  'taxable[]': rows.flatMap((r, i) => (r[2] ? [String(i)] : [])),
  ...extra,
});
const rowError = (html: string, field: 'description' | 'amount', row: number) =>
  new RegExp(`id="line-${field}-${row}-error"[^>]*>([^<]*)<`).exec(html)?.[1];

beforeAll(async () => {
  t = await makeTestApp();
  await seedBasics(t);
  await sql(`insert into currency (code, name, rate, minor_units) values ('JPY', 'Yen', 150, 0) on conflict do nothing`);
  await sql(`insert into tax_rate (country, name, rate) values ('GB', 'VAT', 20) on conflict do nothing`);
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  token = await apiToken(t, 'owner');
  const email = uniqueEmail('manual');
  gwen = new Browser(t);
  await gwen.signUp({ name: 'Gwen Brit', email, currency: 'USD', country: 'GB' });
  gb = await clientIdOf(t, email);
  jp = (
    await sql<{ id: number }>(`insert into client (email, name, currency, country) values (?, 'Jun Yen', 'JPY', 'JP') returning id`, [
      uniqueEmail('jp'),
    ])
  )[0]!.id;
});
afterAll(() => t.close());

describe('new invoice from the client page', () => {
  it('is offered to staff who can write, with every control labelled', async () => {
    const page = await textOf(await owner.get(`/admin/clients/${gb}`));
    expect(page).toContain(`href="/admin/clients/${gb}/invoices/new"`);
    expect(await textOf(await support.get(`/admin/clients/${gb}`))).not.toContain(`/invoices/new`);
    const res = await owner.get(`/admin/clients/${gb}/invoices/new`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(unlabelled(html)).toEqual([]);
    expect(html).toContain('Amount (USD)');
    expect(html.match(/name="description\[\]"/g)).toHaveLength(3);
    expect(html).toContain(`value="${today()}"`);
    expect((await owner.get('/admin/clients/999999/invoices/new')).status).toBe(404);
  });

  it('numbers the invoice, taxes only the ticked lines at the client rate, and queues the email', async () => {
    const due = addDays(today(), 14);
    const res = await owner.post(
      `/admin/clients/${gb}/invoices`,
      form(
        [
          ['Server migration (3 hours)', '150.00', true],
          ['', ''],
          ['Domain example.org, 1 year', '12.99', false],
          ['Discount for the delay', '-20', true],
        ],
        { dueDate: due, sendEmail: ['0', '1'] },
      ),
    );
    expect(res.status).toBe(303);
    const [invoice] = (await invoicesOf(gb)).slice(-1);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${invoice!.id}?done=created-sent`);
    // Taxed: 150 - 20 = 130 at 20% = 26.00; untaxed 12.99; subtotal 142.99.
    expect(invoice).toMatchObject({
      status: 'unpaid',
      currency: 'USD',
      subtotal: '142.9900',
      tax: '26.0000',
      total: '168.9900',
      tax_rate: '20.0000',
      due_date: due,
    });
    expect(invoice!.number).toMatch(/\d/);
    expect(await linesOf(invoice!.id)).toEqual([
      { kind: 'manual', description: 'Server migration (3 hours)', amount: '150.0000', taxable: true },
      { kind: 'manual', description: 'Domain example.org, 1 year', amount: '12.9900', taxable: false },
      { kind: 'manual', description: 'Discount for the delay', amount: '-20.0000', taxable: true },
    ]);
    expect(await issuedEmails(invoice!.id)).toBe(1);
    const shown = await textOf(await owner.get(res.headers.get('location')!));
    expect(shown).toContain('Invoice created; the client is being emailed it with its PDF.');
    expect(shown).toContain('Server migration (3 hours)');
    expect(shown).toContain('168.99');
    // Only some lines taxed: the tax says what it was worked out on (150.00 - 20.00).
    expect(shown).toContain('Tax (20% of 130.00 USD)');
    const pdf = await owner.get(`/admin/invoices/${invoice!.id}/pdf`);
    expect(pdfText(Buffer.from(await pdf.arrayBuffer()))).toContain('Tax (20% of 130.00 USD)');
  });

  it('records no email when staff untick it, and the invoice is paid like any other', async () => {
    const res = await owner.post(`/admin/clients/${gb}/invoices`, form([['Support hour', '60']], { sendEmail: '0' }));
    expect(res.status).toBe(303);
    const [invoice] = (await invoicesOf(gb)).slice(-1);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${invoice!.id}?done=created`);
    expect(invoice).toMatchObject({ total: '60.0000', tax: '0.0000', tax_rate: null, due_date: today() });
    expect(await issuedEmails(invoice!.id)).toBe(0);
    // Its dialogs speak of no order or services: it bought none.
    const unpaidPage = await textOf(await owner.get(`/admin/invoices/${invoice!.id}`));
    expect(unpaidPage).toMatch(/Record a bank transfer of 60\.00 USD for invoice [^?]+\? It becomes paid\./);
    expect(unpaidPage).toContain('? Nothing is owed on it any more.');
    expect(unpaidPage).not.toContain('services start or renew');
    const paid = await owner.post(`/admin/invoices/${invoice!.id}/mark-paid`, { reference: 'BANK-77', confirmed: '1' });
    expect(paid.status).toBe(303);
    expect((await invoicesOf(gb)).find((i) => i.id === invoice!.id)?.status).toBe('paid');
    const paidPage = await textOf(await owner.get(`/admin/invoices/${invoice!.id}`));
    expect(paidPage).toContain('name="destination"');
    expect(paidPage).not.toContain('name="endServices"');
    // The client sees it among their invoices.
    expect(await textOf(await gwen.get(`/account/invoices/${invoice!.id}`))).toContain('Support hour');
  });

  it('voids a hand-written invoice from its page, giving back credit applied to it', async () => {
    await owner.post(`/admin/clients/${gb}/credit`, { amount: '4', reason: 'Goodwill' });
    const res = await owner.post(`/admin/clients/${gb}/invoices`, form([['Rack rental', '30']], { sendEmail: '0' }));
    const id = Number(/\/admin\/invoices\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const applied = await gwen.post(`/account/invoices/${id}/pay/credit`);
    expect(applied.status).toBe(303);
    const balance = async () => (await sql<{ b: string }>('select credit_balance::text as b from client where id = ?', [gb]))[0]!.b;
    expect(await balance()).toBe('0.0000');
    const voided = await owner.post(`/admin/invoices/${id}/void`, { confirmed: '1' });
    expect(voided.headers.get('location')).toBe(`/admin/invoices/${id}?done=voided`);
    expect((await invoicesOf(gb)).find((i) => i.id === id)?.status).toBe('void');
    expect(await balance()).toBe('4.0000');
  });

  it('"Add a line" shows the form again with one more row and what was typed, making nothing', async () => {
    const before = (await invoicesOf(gb)).length;
    const res = await owner.post(
      `/admin/clients/${gb}/invoices`,
      form(
        [
          ['First', '1', true],
          ['Second', '2'],
          ['Third', '3', true],
        ],
        { more: '1', dueDate: addDays(today(), 3) },
      ),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/name="description\[\]"/g)).toHaveLength(4);
    expect(html).toContain('value="Third"');
    expect(html).toMatch(/id="line-taxable-2" name="taxable\[\]" value="2" checked/);
    expect(html).not.toMatch(/id="line-taxable-1" name="taxable\[\]" value="1" checked/);
    expect(html).toContain(`value="${addDays(today(), 3)}"`);
    expect((await invoicesOf(gb)).length).toBe(before);
    // One row typed of the three shown: four rows, the typed one first.
    const again = await owner.post(
      `/admin/clients/${gb}/invoices`,
      form(
        [
          ['', ''],
          ['Only', '5'],
          ['', ''],
        ],
        { more: '1' },
      ),
    );
    const againHtml = await again.text();
    expect(againHtml.match(/name="description\[\]"/g)).toHaveLength(4);
    expect(againHtml).toMatch(/id="line-description-0" name="description\[\]" value="Only"/);
  });

  it('answers junk next to the row or field it is in, keeps what was typed, and stores nothing', async () => {
    const before = await snapshot(t);
    const count = (await invoicesOf(gb)).length;
    const junk = await owner.post(
      `/admin/clients/${gb}/invoices`,
      form(
        [
          ['Fine', '10'],
          ['', '5'],
          ['Bad amount', '12,5'],
          ['Too precise', '1.23456'],
        ],
        { dueDate: '2026-02-30' },
      ),
    );
    expect(junk.status).toBe(422);
    const html = await junk.text();
    expect(rowError(html, 'description', 1)).toBe('Enter a description.');
    expect(rowError(html, 'amount', 2)).toBe('Use a point for decimals, e.g. 12.50.');
    expect(rowError(html, 'amount', 3)).toBe('Use at most 4 decimal places.');
    expect(html).toContain('value="Too precise"');
    expect(html).toMatch(/id="f-dueDate-error"[^>]*>That date does not exist\.</);

    const empty = await owner.post(`/admin/clients/${gb}/invoices`, form([['', '']]));
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Add at least one line.');
    const zero = await owner.post(
      `/admin/clients/${gb}/invoices`,
      form([
        ['Refund', '-10'],
        ['Fee', '10'],
      ]),
    );
    expect(await zero.text()).toContain('The lines must add up to more than zero.');
    const past = await owner.post(`/admin/clients/${gb}/invoices`, form([['Fee', '10']], { dueDate: addDays(today(), -1) }));
    expect(past.status).toBe(422);
    expect(await past.text()).toMatch(/id="f-dueDate-error"[^>]*>Choose today or a later date/);
    const cents = await owner.post(`/admin/clients/${gb}/invoices`, form([['Fee', '10.005']]));
    expect(rowError(await cents.text(), 'amount', 0)).toBe('Use at most 2 decimals for USD.');
    const yen = await owner.post(`/admin/clients/${jp}/invoices`, form([['Fee', '10.5']]));
    expect(rowError(await yen.text(), 'amount', 0)).toBe('Use whole amounts for JPY.');
    const many = await owner.post(
      `/admin/clients/${gb}/invoices`,
      form(Array.from({ length: 21 }, (_, i) => [`Line ${i}`, '1'] as [string, string])),
    );
    expect(many.status).toBe(422);
    const manyHtml = await many.text();
    expect(manyHtml).toContain('Use at most 20 lines.');
    expect(manyHtml.match(/name="description\[\]"/g)).toHaveLength(21);
    // Fits before tax, not after: refused, never a 500.
    const taxedPast = await owner.post(`/admin/clients/${gb}/invoices`, form([['Huge', '999999999999999', true]]));
    expect(taxedPast.status).toBe(422);
    expect(await taxedPast.text()).toContain('That is more than one invoice can hold.');
    // A past due date is said with the lines' problems, not only once they are fixed.
    const both = await owner.post(`/admin/clients/${gb}/invoices`, form([['Fee', 'abc']], { dueDate: addDays(today(), -2) }));
    const bothHtml = await both.text();
    expect(rowError(bothHtml, 'amount', 0)).toBe('Enter a number such as 12.50.');
    expect(bothHtml).toMatch(/id="f-dueDate-error"[^>]*>Choose today or a later date/);
    const nul = await owner.post(`/admin/clients/${gb}/invoices`, form([['Fee\u0000', '10']]));
    expect(nul.status).toBe(422);
    // Shown on the form again, next to the field, with the rest kept: not an error page.
    const nulHtml = await nul.text();
    expect(nulHtml).toContain('Remove the NUL character');
    expect(nulHtml).toContain('name="description[]" value="Fee"');
    expect((await owner.post(`/admin/clients/999999/invoices`, form([['Fee', '10']]))).status).toBe(404);
    expect((await owner.post(`/admin/clients/abc/invoices`, form([['Fee', '10']]))).status).toBe(404);
    expect((await support.post(`/admin/clients/${gb}/invoices`, form([['Fee', '10']]))).status).toBe(403);
    expect((await invoicesOf(gb)).length).toBe(count);
    expect(await snapshot(t)).toBe(before);
    // A reload of the refused form's address goes back to the form.
    const reload = await owner.get(`/admin/clients/${gb}/invoices`);
    expect(reload.status).toBe(303);
    expect(reload.headers.get('location')).toBe(`/admin/clients/${gb}/invoices/new`);
  });

  it('writes one invoice for a form sent twice at once (a double click), keeping its key across a refusal', async () => {
    const html = await textOf(await owner.get(`/admin/clients/${gb}/invoices/new`));
    const key = /name="requestKey" value="([^"]+)"/.exec(html)![1]!;
    const refused = await textOf(await owner.post(`/admin/clients/${gb}/invoices`, form([['Twice', 'x']], { requestKey: key })));
    expect(refused).toContain(`name="requestKey" value="${key}"`);
    const before = (await invoicesOf(gb)).length;
    const sent = form([['Twice', '42']], { requestKey: key });
    const [a, b] = await Promise.all([
      owner.post(`/admin/clients/${gb}/invoices`, sent),
      owner.post(`/admin/clients/${gb}/invoices`, sent),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get('location')).toBe(b.headers.get('location'));
    expect((await invoicesOf(gb)).length).toBe(before + 1);
    // A fresh form has a key of its own.
    const next = await textOf(await owner.get(`/admin/clients/${gb}/invoices/new`));
    expect(/name="requestKey" value="([^"]+)"/.exec(next)![1]).not.toBe(key);
  });

  it('writes a yen invoice in whole yen, and two made at once get two numbers', async () => {
    const [a, b] = await Promise.all([
      owner.post(`/admin/clients/${jp}/invoices`, form([['Setup', '5000', true]])),
      owner.post(`/admin/clients/${jp}/invoices`, form([['Setup', '7000', true]])),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const made = await invoicesOf(jp);
    expect(made.map((i) => i.currency)).toEqual(['JPY', 'JPY']);
    expect(made.map((i) => i.total).sort()).toEqual(['5000.0000', '7000.0000']);
    expect(new Set(made.map((i) => i.number)).size).toBe(2);
    expect(made.every((i) => i.number !== null)).toBe(true);
  });
});

describe('POST /api/v1/clients/:id/invoices', () => {
  it('makes the invoice and answers with it', async () => {
    const r = await api('POST', `/clients/${gb}/invoices`, {
      lines: [
        { description: 'Consulting', amount: '100.00', taxable: true },
        { description: 'Credit for downtime', amount: '-10.00' },
      ],
      dueDate: addDays(today(), 7),
      sendEmail: false,
    });
    expect(r.status).toBe(201);
    expect(r.json.data).toMatchObject({
      status: 'unpaid',
      currency: 'USD',
      orderId: null,
      subtotal: '90.0000',
      tax: '20.0000',
      total: '110.0000',
      amountDue: '110.0000',
      dueDate: addDays(today(), 7),
    });
    expect(r.json.data.number).toBeTruthy();
    expect(r.json.data.lines.map((l: { description: string }) => l.description)).toEqual(['Consulting', 'Credit for downtime']);
    expect(await issuedEmails(r.json.data.id)).toBe(0);
    // The same key again answers with that invoice and writes none; another client's use of it is refused.
    const body = { lines: [{ description: 'Retried', amount: '5' }], requestKey: 'api-retry-0001' };
    const first = await api('POST', `/clients/${gb}/invoices`, body);
    const retried = await api('POST', `/clients/${gb}/invoices`, body);
    expect(retried.status).toBe(201);
    expect(retried.json.data.id).toBe(first.json.data.id);
    expectApiError(await api('POST', `/clients/${jp}/invoices`, body), 422, 'requestKey');
    expectApiError(await api('POST', `/clients/${gb}/invoices`, { ...body, requestKey: 'short' }), 422, 'requestKey');
  });

  it('answers junk with a JSON error naming the field, and an unknown client with 404', async () => {
    const before = await snapshot(t);
    expectApiError(await api('POST', `/clients/${gb}/invoices`, {}), 422, 'lines');
    expectApiError(await api('POST', `/clients/${gb}/invoices`, { lines: [{ description: 'x', amount: 'abc' }] }), 422, 'lines.0.amount');
    expectApiError(
      await api('POST', `/clients/${gb}/invoices`, { lines: [{ description: 'x', amount: 5 }], sendEmail: 'maybe' }),
      422,
      'sendEmail',
    );
    expectApiError(await api('POST', `/clients/${gb}/invoices`, { lines: 'all of them' }), 422, 'lines');
    expectApiError(await api('POST', `/clients/${gb}/invoices`, '{"lines":'), 422, 'body');
    expectApiError(await api('POST', `/clients/999999/invoices`, { lines: [{ description: 'x', amount: '5' }] }), 404);
    expect(await snapshot(t)).toBe(before);
  });
});
