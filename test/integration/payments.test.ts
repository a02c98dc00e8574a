import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payWithCredit } from '../../src/modules/invoicing/pay-with-credit.ts';
import { markInvoicePaid } from '../../src/modules/invoicing/mark-invoice-paid.ts';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import { loadInvoice } from '../../src/modules/invoicing/load-invoice.ts';
import { cancelOrder } from '../../src/modules/checkout/cancel-order.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let packageId: number;
const NOW = new Date('2026-07-01T10:00:00Z');
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

async function clientWithOrders(name: string, n: number) {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, currency) values (?, ?, 'USD') returning id`, [
    `${name}@example.com`,
    name,
  ]);
  const invoices: number[] = [];
  for (let i = 0; i < n; i++) invoices.push((await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, NOW)).invoice.id);
  return { clientId: c!.id, invoices };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  packageId = (await createPackage(em(), { catalogId: catalog.id, name: 'Web' })).id;
  await savePrice(em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '10.00',
  });
});
afterAll(() => db.drop());

describe('paying with credit', () => {
  it('spends the balance once when two invoices race for it', async () => {
    const { clientId, invoices } = await clientWithOrders('ana', 2);
    await addCredit(em(), clientId, { amount: '15.00', reason: 'Refund for downtime' }, NOW);
    const results = await Promise.allSettled(invoices.map((id) => payWithCredit(em(), clientId, id, NOW)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.message).toBe('Your credit balance does not cover this invoice.');
    const [c] = await sql<{ credit_balance: string }>('select credit_balance from client where id = ?', [clientId]);
    expect(c!.credit_balance).toBe('5.0000');
    const ledger = await sql<{ amount: string }>('select amount from credit_entry where client_id = ? order by id', [clientId]);
    expect(ledger.map((e) => e.amount)).toEqual(['15.0000', '-10.0000']);
  });

  it('with orPart, a short balance goes towards the invoice once, however many tabs ask; the rest is paid another way', async () => {
    const { clientId, invoices } = await clientWithOrders('ivy', 1);
    const id = invoices[0]!;
    await addCredit(em(), clientId, { amount: '4.00', reason: 'Goodwill' }, NOW);
    // Without orPart (the whole-invoice contract) a short balance is refused and nothing moves.
    await expect(payWithCredit(em(), clientId, id, NOW)).rejects.toThrow('Your credit balance does not cover this invoice.');
    const results = await Promise.allSettled([1, 2, 3].map(() => payWithCredit(em(), clientId, id, NOW, { orPart: true })));
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<string>).value)).toEqual([
      'credit-applied',
    ]);
    const [c] = await sql<{ credit_balance: string }>('select credit_balance from client where id = ?', [clientId]);
    expect(c!.credit_balance).toBe('0.0000');
    expect(await sql('select status, credit_applied from invoice where id = ?', [id])).toEqual([
      { status: 'unpaid', credit_applied: '4.0000' },
    ]);
    expect(await sql('select amount, invoice_id from credit_entry where client_id = ? order by id', [clientId])).toEqual([
      { amount: '4.0000', invoice_id: null },
      { amount: '-4.0000', invoice_id: id },
    ]);
    expect((await loadInvoice(em(), id)).amountDue).toBe('6.0000');
    // The bank transfer for the rest pays it: the payment is what was left.
    expect(await markInvoicePaid(em(), id, { reference: 'BANK-REST' }, NOW)).toBe('paid');
    expect(await sql('select amount from payment where invoice_id = ?', [id])).toEqual([{ amount: '6.0000' }]);
    expect(await payWithCredit(em(), clientId, id, NOW, { orPart: true })).toBe('already-paid');
  });

  it('credit put towards an order that is then cancelled comes back to the balance', async () => {
    const { clientId, invoices } = await clientWithOrders('jo', 1);
    const id = invoices[0]!;
    await addCredit(em(), clientId, { amount: '3.00', reason: 'Goodwill' }, NOW);
    expect(await payWithCredit(em(), clientId, id, NOW, { orPart: true })).toBe('credit-applied');
    const [order] = await sql<{ order_id: number }>('select order_id from invoice where id = ?', [id]);
    expect(await cancelOrder(em(), order!.order_id, 'Not paid in time', NOW)).toBe('cancelled');
    expect(await sql('select status from invoice where id = ?', [id])).toEqual([{ status: 'void' }]);
    const [c] = await sql<{ credit_balance: string }>('select credit_balance from client where id = ?', [clientId]);
    expect(c!.credit_balance).toBe('3.0000');
    const [back] = await sql<{ amount: string; reason: string }>(
      'select amount, reason from credit_entry where client_id = ? order by id desc limit 1',
      [clientId],
    );
    expect(back).toEqual({ amount: '3.0000', reason: `Returned from void invoice #${id}: order #${order!.order_id} cancelled.` });
  });

  it("refuses another client's invoice and junk credit amounts", async () => {
    const a = await clientWithOrders('bo', 1);
    const b = await clientWithOrders('cy', 0);
    await expect(payWithCredit(em(), b.clientId, a.invoices[0]!, NOW)).rejects.toThrow('That invoice was not found.');
    await expect(addCredit(em(), b.clientId, { amount: '-5', reason: 'x' }, NOW)).rejects.toThrow('The amount cannot be negative.');
    await expect(addCredit(em(), b.clientId, { amount: '1.00001', reason: 'x' }, NOW)).rejects.toThrow('Use at most 4 decimal places.');
  });
});

describe('staff marking an invoice paid', () => {
  it('records one payment however often it is clicked', async () => {
    const { invoices } = await clientWithOrders('dee', 1);
    const id = invoices[0]!;
    const results = await Promise.all([
      markInvoicePaid(em(), id, {}, NOW),
      markInvoicePaid(em(), id, {}, NOW),
      markInvoicePaid(em(), id, { reference: 'BANK-9' }, NOW),
    ]);
    expect(results.filter((r) => r === 'paid')).toHaveLength(1);
    const invoice = await loadInvoice(em(), id);
    expect(invoice.status).toBe('paid');
    expect(invoice.payments).toHaveLength(1);
    expect(
      await sql(
        'select id from service where order_line_id in (select l.id from order_line l join invoice i on i.order_id = l.order_id where i.id = ?)',
        [id],
      ),
    ).toHaveLength(1);
  });
});
