// The invoice number format on the settings page: junk refused next to its field, nothing stored
// changed; a good one numbers the next invoice issued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffClient, type Client, type TestApp, makeTestApp } from '../../helpers/app.ts';
import { addMonthlyPrice, makePackage, seedBasics, textOf } from '../fixtures.ts';
import { placeOrder } from '../../../src/modules/checkout/place-order.ts';
import { documentFormats } from '../../../src/modules/invoicing/document-formats.ts';

let t: TestApp;
let owner: Client;
let packageId: number;
beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = await makePackage(t, catalogId, 'Numbered');
  await addMonthlyPrice(t, packageId, '5');
  owner = await staffClient(t, 'owner');
});
afterAll(() => t.close());

describe('invoice numbers (Settings → Document numbers)', () => {
  it('refuses junk next to the field, keeps what was stored, and numbers the next invoice with a good format', async () => {
    const page = await textOf(await owner.get('/admin/settings'));
    expect(page).toContain('value="INV-{YYYY}-{0000}"');
    const before = await documentFormats(t.em());
    for (const [invoiceFormat, field, message] of [
      ['INV-{YYYY}', 'invoiceFormat', 'Put the counter in once'],
      ['INV-{0000}-{000}', 'invoiceFormat', 'Put the counter in once'],
      ['INV-<script>-{0000}', 'invoiceFormat', 'Use letters, digits, spaces'],
      ['I'.repeat(40) + '{0000}', 'invoiceFormat', 'at most'],
      ['CN-{YYYY}-{0000}', 'creditNoteFormat', 'Credit notes need a format of their own'],
    ] as const) {
      const res = await owner.post('/admin/settings/documents', { invoiceFormat, creditNoteFormat: 'CN-{YYYY}-{0000}' });
      expect(res.status).toBe(422);
      const html = await textOf(res);
      expect(html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>[^<]*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    expect(await documentFormats(t.em())).toEqual(before);
    expect(
      (await owner.post('/admin/settings/documents', { invoiceFormat: 'RE/{YYYY}/{00000}', creditNoteFormat: 'GS/{YYYY}/{00000}' })).status,
    ).toBe(303);
    const [client] = await t.orm.em
      .getConnection()
      .execute<{ id: number }[]>(`insert into client (email, name, currency) values ('numbers@example.com', 'Nummer', 'USD') returning id`);
    const { invoice } = await placeOrder(t.em(), { clientId: client!.id, packageId, priceName: 'Monthly' }, new Date());
    expect(invoice.number).toMatch(/^RE\/\d{4}\/00001$/);
  });
});
