import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Conflict } from '../../src/modules/shared/errors.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { whileHeld } from '../helpers/held-transaction.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { markInvoicePaid } from '../../src/modules/invoicing/mark-invoice-paid.ts';
import { refundInvoice } from '../../src/modules/invoicing/refund-invoice.ts';
import { nextDocumentNumber } from '../../src/modules/invoicing/next-document-number.ts';
import { registerGatewayRefunder, RefundRefused } from '../../src/modules/invoicing/refund-at-gateway.ts';
import { retryPendingRefund } from '../../src/modules/invoicing/retry-pending-refund.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let packageId: number;
let staffId: number;
const NOW = new Date('2026-07-01T10:00:00Z');
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const by = () => ({ staffId, actor: 'staff:owner@example.com', now: NOW });

/** A client with one order's invoice (10.00 in its currency), paid through `gateway`. */
async function paidInvoice(name: string, gateway: 'test' | 'manual' = 'test', currency = 'USD') {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, currency) values (?, ?, ?) returning id`, [
    `${name}@example.com`,
    name,
    currency,
  ]);
  const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, NOW);
  if (gateway === 'manual') await markInvoicePaid(em(), invoice.id, {}, NOW);
  else await payInvoice(em(), { invoiceId: invoice.id, gateway, reference: `pay-${name}` }, NOW);
  return { clientId: c!.id, invoiceId: invoice.id };
}

const creditNotes = () =>
  sql<{ number: string; amount: string; invoice_id: number }>('select number, amount, invoice_id from credit_note order by number');

/** Every note numbered CN-2026-0001 on, with no gap and no repeat. */
async function expectGaplessNotes() {
  const numbers = (await creditNotes()).map((n) => n.number);
  expect(numbers).toEqual(numbers.map((_, i) => `CN-2026-${String(i + 1).padStart(4, '0')}`));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '0.9' });
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
  await savePrice(em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'EUR',
    price: '9.00',
  });
  const [s] = await sql<{ id: number }>(
    `insert into staff (email, name, role, password_hash) values ('owner@example.com', 'Owner', 'owner', 'x') returning id`,
  );
  staffId = s!.id;
});
afterAll(() => db.drop());

const approve = ({ idempotencyKey }: { idempotencyKey: string }) => Promise.resolve({ reference: `test-refund-${idempotencyKey}` });
afterEach(() => registerGatewayRefunder('test', approve));

describe('refunds racing', () => {
  it("a refund to credit while the client's currency changes: refused as changed meanwhile, never a USD amount in a EUR balance", async () => {
    const { clientId, invoiceId } = await paidInvoice('switching');
    // Another request holds the client's row (as updateClientProfile does), finds no balance, and switches to EUR.
    const outcome = await whileHeld(
      db.url,
      (other) => other.query('select credit_balance from client where id = $1 for update', [clientId]),
      () => refundInvoice(em(), invoiceId, { amount: '3.00', destination: 'credit' }, by()),
      (other) => other.query(`update client set currency = 'EUR' where id = $1`, [clientId]),
    );
    expect(outcome).toBeInstanceOf(Conflict);
    expect((outcome as Error).message).toBe("The client's credit currency changed meanwhile; reload and try again.");
    const [c] = await sql<{ currency: string; credit_balance: string }>('select currency, credit_balance from client where id = ?', [
      clientId,
    ]);
    expect(c).toEqual({ currency: 'EUR', credit_balance: '0.0000' });
    expect(await sql("select id from payment where invoice_id = ? and kind = 'refund'", [invoiceId])).toEqual([]);
  });

  it('two staff refunding at once never refund more than was paid', async () => {
    const { invoiceId } = await paidInvoice('two');
    const results = await Promise.allSettled(
      [0, 1].map(() => refundInvoice(em(), invoiceId, { amount: '6.00', destination: 'credit' }, by())),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message).toBe(
      'At most 4.00 USD can be refunded.',
    );
    const [sum] = await sql<{ s: string }>(
      "select sum(amount) as s from payment where invoice_id = ? and kind = 'refund' and status <> 'failed'",
      [invoiceId],
    );
    expect(sum!.s).toBe('-6.0000');
    await expectGaplessNotes();
  });

  it('ten staff at once, to the gateway and to credit: the refunds stop at the amount paid, the notes stay gapless', async () => {
    const { invoiceId } = await paidInvoice('ten');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        refundInvoice(em(), invoiceId, { amount: '2.00', destination: i % 2 ? 'credit' : 'gateway' }, by()),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results)
      if (r.status === 'rejected')
        expect(r.reason.message).toMatch(/^(At most .* can be refunded|Nothing is left to refund on this invoice)/);
    const refunds = await sql<{ amount: string; status: string }>(
      "select amount, status from payment where invoice_id = ? and kind = 'refund'",
      [invoiceId],
    );
    expect(refunds.every((r) => r.status === 'succeeded')).toBe(true);
    expect(refunds.reduce((s, r) => s + Number(r.amount), 0)).toBe(-10);
    const notes = (await creditNotes()).filter((n) => n.invoice_id === invoiceId);
    expect(notes).toHaveLength(5);
    expect(new Set(notes.map((n) => n.number)).size).toBe(5);
    await expectGaplessNotes();
  });
});

describe('refunding at the gateway', () => {
  it('records the pending refund first, then the gateway reference and the note', async () => {
    const { invoiceId } = await paidInvoice('gw');
    let seen: unknown;
    registerGatewayRefunder('test', async (input) => {
      // NOTE: the reservation is committed before the gateway is called: another connection sees it.
      [seen] = await sql("select status from payment where invoice_id = ? and kind = 'refund'", [invoiceId]);
      expect(input).toMatchObject({ gateway: 'test', paymentReference: 'pay-gw', amount: '4.0000', currency: 'USD' });
      return approve(input);
    });
    const result = await refundInvoice(em(), invoiceId, { amount: '4', destination: 'gateway', reason: 'Downtime' }, by());
    expect(seen).toEqual({ status: 'pending' });
    expect(result).toMatchObject({ status: 'succeeded', creditNoteNumber: expect.stringMatching(/^CN-2026-\d{4}$/) });
    const [row] = await sql<{ reference: string; idempotency_key: string; staff_id: number; reason: string; settled_at: Date }>(
      'select * from payment where id = ?',
      [result.refundId],
    );
    expect(row!.reference).toBe(`test-refund-${row!.idempotency_key}`);
    expect(row).toMatchObject({ staff_id: staffId, reason: 'Downtime' });
  });

  it('a refusal releases the amount and burns no credit note number', async () => {
    const { invoiceId } = await paidInvoice('declined');
    const before = await creditNotes();
    registerGatewayRefunder('test', () => Promise.reject(new RefundRefused('charge_already_refunded')));
    await expect(refundInvoice(em(), invoiceId, { amount: '10', destination: 'gateway' }, by())).rejects.toThrow(
      'The payment gateway refused the refund (charge_already_refunded). Nothing was refunded; try again, or refund to account credit.',
    );
    const [failed] = await sql<{ status: string; failure: string }>(
      "select status, failure from payment where invoice_id = ? and kind = 'refund'",
      [invoiceId],
    );
    expect(failed).toMatchObject({ status: 'failed', failure: 'charge_already_refunded' });
    expect(await creditNotes()).toEqual(before);
    registerGatewayRefunder('test', approve);
    // The whole amount is refundable again, and the next note takes the next number.
    const ok = await refundInvoice(em(), invoiceId, { amount: '10', destination: 'gateway' }, by());
    expect(ok.status).toBe('succeeded');
    await expectGaplessNotes();
  });
});

describe('a refund left pending', () => {
  it('keeps its amount reserved, and is settled by asking the gateway again with the same key', async () => {
    const { invoiceId } = await paidInvoice('stalled');
    // The process stops while the gateway is called: the reservation is all that was committed.
    // Waits until the gateway is being called, so the refunder registered below is not the one this call finds.
    let calling!: () => void;
    const called = new Promise<void>((resolve) => (calling = resolve));
    registerGatewayRefunder('test', () => {
      calling();
      return new Promise(() => {});
    });
    void refundInvoice(em(), invoiceId, { amount: '7', destination: 'gateway' }, by());
    await called;
    expect(await sql("select status from payment where invoice_id = ? and kind = 'refund'", [invoiceId])).toEqual([{ status: 'pending' }]);
    const [pending] = await sql<{ id: number; idempotency_key: string }>(
      "select id, idempotency_key from payment where invoice_id = ? and kind = 'refund'",
      [invoiceId],
    );
    await expect(refundInvoice(em(), invoiceId, { amount: '4', destination: 'credit' }, by())).rejects.toThrow(
      'At most 3.00 USD can be refunded.',
    );
    const keys: string[] = [];
    registerGatewayRefunder('test', async (input) => {
      keys.push(input.idempotencyKey);
      return approve(input);
    });
    const later = new Date(NOW.getTime() + 11 * 60_000);
    await expect(retryPendingRefund(em(), invoiceId, pending!.id, 'staff:x', NOW)).rejects.toThrow('The gateway may still be answering');
    expect(keys).toEqual([]);
    await expect(retryPendingRefund(em(), invoiceId + 1000, pending!.id, 'staff:x', later)).rejects.toThrow('That refund was not found.');
    const done = await retryPendingRefund(em(), invoiceId, pending!.id, 'staff:x', later);
    expect(done).toMatchObject({ status: 'succeeded', creditNoteNumber: expect.stringMatching(/^CN-/) });
    expect(keys).toEqual([pending!.idempotency_key]);
    await expect(retryPendingRefund(em(), invoiceId, pending!.id, 'staff:x', later)).rejects.toThrow(
      'This refund has succeeded; there is nothing to retry.',
    );
    await expectGaplessNotes();
  });
});

describe('refunding to account credit', () => {
  it('raises the balance in the invoice currency', async () => {
    const { clientId, invoiceId } = await paidInvoice('eur', 'test', 'EUR');
    await refundInvoice(em(), invoiceId, { amount: '4.50', destination: 'credit' }, by());
    const [c] = await sql<{ credit_balance: string }>('select credit_balance from client where id = ?', [clientId]);
    expect(c!.credit_balance).toBe('4.5000');
    const ledger = await sql<{ amount: string; currency: string; invoice_id: number }>(
      'select amount, currency, invoice_id from credit_entry where client_id = ?',
      [clientId],
    );
    expect(ledger).toEqual([{ amount: '4.5000', currency: 'EUR', invoice_id: invoiceId }]);
  });

  it('refuses an unpaid invoice, a way it was not paid and junk amounts', async () => {
    const { invoiceId } = await paidInvoice('manual', 'manual');
    const [c] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('unpaid@example.com', 'U', 'USD') returning id`,
    );
    const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, NOW);
    await expect(refundInvoice(em(), invoice.id, { amount: '1', destination: 'credit' }, by())).rejects.toThrow(
      'Only a paid invoice can be refunded.',
    );
    await expect(refundInvoice(em(), invoiceId, { amount: '1', destination: 'gateway' }, by())).rejects.toThrow(
      'This invoice cannot be refunded that way',
    );
    await expect(refundInvoice(em(), invoiceId, { amount: '-1', destination: 'credit' }, by())).rejects.toThrow(
      'The amount cannot be negative.',
    );
    await expect(refundInvoice(em(), invoiceId, { amount: '1.001', destination: 'credit' }, by())).rejects.toThrow(
      'Use at most 2 decimals for USD.',
    );
    await expect(refundInvoice(em(), invoiceId, { amount: '1', destination: 'cash' }, by())).rejects.toThrow('Choose where the money goes');
    // A bank transfer back is recorded with no gateway call.
    expect(await refundInvoice(em(), invoiceId, { amount: '10', destination: 'manual' }, by())).toMatchObject({ status: 'succeeded' });
  });
});

describe('ending the services', () => {
  it('terminates the order’s services when staff ask, through the plugin for a live one', async () => {
    const { invoiceId } = await paidInvoice('ends');
    const [svc] = await sql<{ id: number; status: string }>(
      'select s.id, s.status from service s join order_line l on l.id = s.order_line_id join invoice i on i.order_id = l.order_id where i.id = ?',
      [invoiceId],
    );
    await sql("update service set status = 'active' where id = ?", [svc!.id]);
    await refundInvoice(em(), invoiceId, { amount: '1', destination: 'credit' }, by());
    expect((await sql<{ status: string }>('select status from service where id = ?', [svc!.id]))[0]!.status).toBe('active');
    await refundInvoice(em(), invoiceId, { amount: '9', destination: 'credit', endServices: 'on' }, by());
    expect((await sql<{ status: string }>('select status from service where id = ?', [svc!.id]))[0]!.status).toBe('terminated');
    const history = await sql<{ note: string; actor: string }>(
      "select note, actor from service_event where service_id = ? and to_status = 'terminated'",
      [svc!.id],
    );
    expect(history).toEqual([{ note: `Terminated: invoice #${invoiceId} was refunded.`, actor: 'staff:owner@example.com' }]);
    expect(await sql('select id from outbox where dedupe_key like ?', [`%service-action:${svc!.id}:terminate%`])).toHaveLength(1);
  });
});

describe('the credit note sequence', () => {
  it('gives a rolled-back number back', async () => {
    const format = 'RB-{YYYY}-{000}';
    await expect(
      em().transactional(async (tx) => {
        expect(await nextDocumentNumber(tx, 'credit_note', format, new Date('2030-02-01T00:00:00Z'))).toBe('RB-2030-001');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const taken = await em().transactional((tx) => nextDocumentNumber(tx, 'credit_note', format, new Date('2030-03-01T00:00:00Z')));
    expect(taken).toBe('RB-2030-001');
    // A new year starts its own counter.
    expect(await em().transactional((tx) => nextDocumentNumber(tx, 'credit_note', format, new Date('2031-01-01T00:00:00Z')))).toBe(
      'RB-2031-001',
    );
  });

  it('refuses to number outside a transaction', async () => {
    await expect(nextDocumentNumber(em(), 'credit_note', 'X-{0}', NOW)).rejects.toThrow('inside the transaction');
  });
});
