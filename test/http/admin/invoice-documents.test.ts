import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { apiCaller, expectApiError } from '../api/helpers.ts';
import { Browser, clientIdOf, uniqueEmail } from '../client/helpers.ts';

// Invoice and credit note PDFs for staff, the client (their own only) and the API; "Resend" from
// the staff page and the API; the staff list's row actions per status and role.

let t: TestApp;
let owner: Client;
let support: Client;
let zoe: Browser;
let token: string;
const ids: Record<string, number> = {};
const NAME = 'Zoë Ødegård 山田';
const api = apiCaller(
  () => t,
  () => token,
);
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const one = async (q: string, p: unknown[]) => (await sql<{ id: number }>(`${q} returning id`, p))[0]!.id;

async function pdfOf(res: Response, filename: string) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return pdfText(bytes);
}

beforeAll(async () => {
  t = await makeTestApp();
  await seedBasics(t);
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  token = await apiToken(t, 'owner');
  await sql(
    `insert into setting (key, value) values ('company', '{"name": "Acme Hosting"}') on conflict (key) do update set value = excluded.value`,
  );
  zoe = new Browser(t);
  const email = uniqueEmail('zoe');
  await zoe.signUp({ name: NAME, email, currency: 'USD', country: 'NO' });
  ids.zoe = await clientIdOf(t, email);
  ids.other = await one(`insert into client (email, name, currency) values ('other@docs.example', 'Otto Other', 'USD')`, []);
  const invoice = (clientId: number, status: string, total: string) =>
    one(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, tax_rate, due_date, paid_at) values (?, ?, 'USD', ?, 0, ?, 0, 0, '2026-12-20', ?)`,
      [clientId, status, total, total, status === 'paid' ? '2026-12-05T10:00:00Z' : null],
    );
  ids.unpaid = await invoice(ids.zoe, 'unpaid', '1234.5600');
  ids.paid = await invoice(ids.zoe, 'paid', '30.0000');
  ids.void = await invoice(ids.zoe, 'void', '5.0000');
  ids.others = await invoice(ids.other, 'unpaid', '77.0000');
  await sql(
    `insert into invoice_line (invoice_id, kind, description, amount) values (?, 'package', 'VPS Large — Monthly', 1234.56), (?, 'package', 'Shared Hosting', 30)`,
    [ids.unpaid, ids.paid],
  );
  await sql(`insert into payment (invoice_id, gateway, reference, amount, currency) values (?, 'manual', 'BANK-1', 30, 'USD')`, [ids.paid]);
  const refund = await one(
    `insert into payment (invoice_id, gateway, reference, amount, currency, kind, status) values (?, 'credit', 'refund-1', -12.5, 'USD', 'refund', 'succeeded')`,
    [ids.paid],
  );
  ids.note = await one(
    `insert into credit_note (number, invoice_id, refund_id, client_id, amount, currency, reason) values ('CN-2026-0001', ?, ?, ?, 12.5, 'USD', 'Goodwill')`,
    [ids.paid, refund, ids.zoe],
  );
  const otherPaid = await invoice(ids.other, 'paid', '8.0000');
  const otherRefund = await one(
    `insert into payment (invoice_id, gateway, reference, amount, currency, kind, status) values (?, 'credit', 'refund-2', -8, 'USD', 'refund', 'succeeded')`,
    [otherPaid],
  );
  ids.otherNote = await one(
    `insert into credit_note (number, invoice_id, refund_id, client_id, amount, currency) values ('CN-2026-0002', ?, ?, ?, 8, 'USD')`,
    [otherPaid, otherRefund, ids.other],
  );
});
afterAll(() => t.close());

describe('invoice PDFs', () => {
  it('prints the stored lines, total, amount due, seller and the non-Latin buyer for staff', async () => {
    // pdfkit loads with the first PDF, not with the app.
    const pdfkitLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/pdfkit/'));
    expect(pdfkitLoaded()).toBe(false);
    const text = await pdfOf(await owner.get(`/admin/invoices/${ids.unpaid}/pdf`), `invoice-${ids.unpaid}.pdf`);
    expect(text).toContain('Acme Hosting');
    expect(text).toContain(`Invoice\n#${ids.unpaid}`);
    expect(text).toContain('VPS Large — Monthly');
    expect(text).toContain('1,234.56 USD');
    // The whole name, its Han characters set in the CJK font.
    expect(text).toContain(NAME);
    expect(text).toContain('Amount due');
    expect(text).toContain(`Invoice #${ids.unpaid} · Page 1 of 1`);
    expect(pdfkitLoaded()).toBe(true);
    // The support role reads documents too.
    expect((await support.get(`/admin/invoices/${ids.unpaid}/pdf`)).status).toBe(200);
  });

  it('shows a paid invoice’s payment, refund and credit note, and the credit note as its own PDF', async () => {
    const text = await pdfOf(await owner.get(`/admin/invoices/${ids.paid}/pdf`), `invoice-${ids.paid}.pdf`);
    expect(text).toContain('PAID');
    expect(text).toContain('BANK-1');
    expect(text).toContain('CN-2026-0001');
    expect(text).toContain('-12.50 USD');
    const note = await pdfOf(await owner.get(`/admin/credit-notes/${ids.note}/pdf`), 'credit-note-CN-2026-0001.pdf');
    expect(note).toContain('Credit note\nCN-2026-0001');
    expect(note).toContain(`Refund of invoice #${ids.paid}: Goodwill`);
    expect(note).toContain('12.50 USD');
  });

  it("splits a credit note into net and tax in its invoice's proportion", async () => {
    const taxed = await one(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, tax_rate, due_date, paid_at) values (?, 'paid', 'USD', 100, 19, 119, 0, 19, '2026-12-20', '2026-12-05T10:00:00Z')`,
      [ids.zoe],
    );
    const refund = await one(
      `insert into payment (invoice_id, gateway, reference, amount, currency, kind, status) values (?, 'manual', 'refund-taxed', -50, 'USD', 'refund', 'succeeded')`,
      [taxed],
    );
    const noteId = await one(
      `insert into credit_note (number, invoice_id, refund_id, client_id, amount, currency) values ('CN-2026-0003', ?, ?, ?, 50, 'USD')`,
      [taxed, refund, ids.zoe],
    );
    const note = await pdfOf(await owner.get(`/admin/credit-notes/${noteId}/pdf`), 'credit-note-CN-2026-0003.pdf');
    // 50 × 19 / 119 = 7.98 of tax; the rest net.
    expect(note).toMatch(/Net\s+42\.02 USD/);
    expect(note).toMatch(/Tax \(19%\)\s+7\.98 USD/);
    expect(note).toMatch(/Total credited\s+50\.00 USD/);
  });

  it('gives the client their own invoices and credit notes, and a 404 for anyone else’s', async () => {
    expect(await pdfOf(await zoe.get(`/account/invoices/${ids.unpaid}/pdf`), `invoice-${ids.unpaid}.pdf`)).toContain('1,234.56 USD');
    await pdfOf(await zoe.get(`/account/credit-notes/${ids.note}/pdf`), 'credit-note-CN-2026-0001.pdf');
    expect((await zoe.get(`/account/invoices/${ids.others}/pdf`)).status).toBe(404);
    expect((await zoe.get(`/account/credit-notes/${ids.otherNote}/pdf`)).status).toBe(404);
    expect((await new Browser(t).get(`/account/invoices/${ids.unpaid}/pdf`)).headers.get('location')).toMatch(/^\/account\/sign-in/);
  });

  it('answers 404 to junk and unknown ids, never a 500', async () => {
    for (const id of ['abc', '0', '-1', '99999999', '1e3', '2147483648']) {
      expect((await owner.get(`/admin/invoices/${id}/pdf`)).status, id).toBe(404);
      expect((await owner.get(`/admin/credit-notes/${id}/pdf`)).status, id).toBe(404);
      expect((await zoe.get(`/account/invoices/${id}/pdf`)).status, id).toBe(404);
      expectApiError(await api('GET', `/invoices/${id}/pdf`), 404);
    }
  });

  it('is served by the API and described in the OpenAPI document', async () => {
    const res = await t.app.request(`http://localhost/api/v1/invoices/${ids.paid}/pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(await pdfOf(res, `invoice-${ids.paid}.pdf`)).toContain('30.00 USD');
    const doc = (await api('GET', '/openapi.json', undefined, { token: null })).json as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    expect(Object.keys(doc.paths['/invoices/{id}/pdf']!.get!.responses['200']!.content!)).toEqual(['application/pdf']);
    expect(doc.paths['/invoices/{id}/resend']!.post).toBeDefined();
    const note = await t.app.request(`http://localhost/api/v1/credit-notes/${ids.note}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await pdfOf(note, 'credit-note-CN-2026-0001.pdf')).toContain('12.50 USD');
    expectApiError(await api('GET', '/credit-notes/junk/pdf'), 404);
  });

  it('is linked from the staff and client invoice pages and the invoice tables of the client area and the client’s staff page', async () => {
    const staffPage = await textOf(await owner.get(`/admin/invoices/${ids.paid}`));
    expect(staffPage).toContain(`href="/admin/invoices/${ids.paid}/pdf"`);
    expect(staffPage).toContain(`href="/admin/credit-notes/${ids.note}/pdf"`);
    const clientPage = await textOf(await zoe.get(`/account/invoices/${ids.paid}`));
    expect(clientPage).toContain(`href="/account/invoices/${ids.paid}/pdf"`);
    expect(clientPage).toContain(`href="/account/credit-notes/${ids.note}/pdf"`);
    expect(await textOf(await zoe.get('/account/invoices'))).toContain(`href="/account/invoices/${ids.paid}/pdf"`);
    expect(await textOf(await owner.get(`/admin/clients/${ids.zoe}`))).toContain(`href="/admin/invoices/${ids.paid}/pdf"`);
  });
});

describe('resending an invoice', () => {
  const mails = () =>
    sql<{ subject: string; text: string; attachments: unknown; dedupe_key: string }>(
      `select subject, text, attachments, dedupe_key from mail_message where "to" = (select email from client where id = ?) order by id`,
      [ids.zoe],
    );

  it('queues one email per click with the summary, the pay link and the PDF to attach; says where it went', async () => {
    const before = (await mails()).length;
    const res = await owner.post(`/admin/invoices/${ids.unpaid}/resend`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${ids.unpaid}?done=sent`);
    const email = (await sql<{ email: string }>('select email from client where id = ?', [ids.zoe]))[0]!.email;
    expect(await textOf(await owner.get(res.headers.get('location')!))).toContain(`Sent to ${email}`);
    const sent = (await mails()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe(`Invoice #${ids.unpaid} from Acme Hosting`);
    expect(sent[0]!.text).toContain('1,234.56 USD is due by 2026-12-20');
    expect(sent[0]!.text).toContain(`${t.config.PUBLIC_URL}/account/invoices/${ids.unpaid}`);
    expect(sent[0]!.attachments).toEqual([{ kind: 'invoice-pdf', invoiceId: ids.unpaid }]);
    // Asked again, it is a new email.
    expect((await owner.post(`/admin/invoices/${ids.unpaid}/resend`)).status).toBe(303);
    expect((await mails()).length).toBe(before + 2);
  });

  it('is refused to the support role and for a draft, and 404 for junk', async () => {
    const before = (await mails()).length;
    expect((await support.post(`/admin/invoices/${ids.paid}/resend`)).status).toBe(403);
    const draft = await one(
      `insert into invoice (client_id, status, currency, subtotal, total, due_date) values (?, 'draft', 'USD', 1, 1, '2026-12-20')`,
      [ids.zoe],
    );
    const res = await owner.post(`/admin/invoices/${draft}/resend`);
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('A draft invoice is not sent');
    expect((await owner.post('/admin/invoices/junk/resend')).status).toBe(404);
    expectApiError(await api('POST', `/invoices/${draft}/resend`), 409);
    expectApiError(await api('POST', '/invoices/99999999/resend'), 404);
    expectApiError(await api('POST', `/invoices/${ids.paid}/resend`, undefined, { token: await apiToken(t, 'support') }), 403);
    expect((await mails()).length).toBe(before);
  });

  it('is queued by the API too', async () => {
    const r = await api('POST', `/invoices/${ids.paid}/resend`);
    expect(r.status).toBe(202);
    expect(r.json.data.to).toMatch(/^zoe-/);
    expect((await mails()).at(-1)!.subject).toBe(`Invoice #${ids.paid} from Acme Hosting`);
  });
});

describe('the staff invoice list’s row actions', () => {
  /** The actions cell of an invoice's row. */
  const actionsOf = (page: string, id: number | undefined) => {
    const row = page.split('<tr>').find((r) => r.includes(`href="/admin/invoices/${id}"`)) ?? '';
    return row.slice(row.indexOf('class="actions-cell"'));
  };

  it('offers what applies to each status', async () => {
    const page = await textOf(await owner.get('/admin/invoices'));
    const unpaid = actionsOf(page, ids.unpaid);
    expect(unpaid).toContain(`href="/admin/invoices/${ids.unpaid}#mark-paid"`);
    expect(unpaid).toContain(`action="/admin/invoices/${ids.unpaid}/void"`);
    expect(unpaid).toContain(`action="/admin/invoices/${ids.unpaid}/resend"`);
    expect(unpaid).toContain(`href="/admin/invoices/${ids.unpaid}/pdf"`);
    expect(unpaid).not.toContain('#refund');
    const paid = actionsOf(page, ids.paid);
    expect(paid).toContain(`href="/admin/invoices/${ids.paid}#refund"`);
    expect(paid).toContain(`action="/admin/invoices/${ids.paid}/resend"`);
    expect(paid).not.toContain('/void"');
    expect(paid).not.toContain('#mark-paid');
    const voided = actionsOf(page, ids.void);
    expect(voided).toContain('/resend"');
    expect(voided).toContain('/pdf"');
    expect(voided).not.toContain('/void"');
    expect(voided).not.toContain('#refund');
    // The forms post without JavaScript: each carries the CSRF token.
    expect(unpaid).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('offers only the download to the support role, in the htmx fragment as on the page', async () => {
    const page = await textOf(await support.get('/admin/invoices?status=unpaid', { htmx: true }));
    expect(page).toContain(`href="/admin/invoices/${ids.unpaid}/pdf"`);
    expect(page).not.toContain('/resend"');
    expect(page).not.toContain('/void"');
    expect(page).not.toContain('#mark-paid');
  });

  it('shows a refusal of a boosted Void or Resend on the invoice page (htmx swaps a 422, not a 409)', async () => {
    // A standalone unpaid invoice: neither an order's, a renewal's nor a package change's.
    const res = await owner.post(`/admin/invoices/${ids.unpaid}/void`, { confirmed: '1' }, { htmx: true });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('can be voided here');
    expect((await owner.post(`/admin/invoices/${ids.unpaid}/void`, { confirmed: '1' })).status).toBe(409);
    const draft = await one(
      `insert into invoice (client_id, status, currency, subtotal, total, due_date) values (?, 'draft', 'USD', 1, 1, '2026-12-20')`,
      [ids.zoe],
    );
    expect((await owner.post(`/admin/invoices/${draft}/resend`, {}, { htmx: true })).status).toBe(422);
  });

  it('lands on the mark-paid form of the invoice page', async () => {
    expect(await textOf(await owner.get(`/admin/invoices/${ids.unpaid}`))).toContain('id="mark-paid"');
  });
});
