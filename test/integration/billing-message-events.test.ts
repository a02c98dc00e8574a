// Where billing messages come from: the real actions (refunds, order expiry, suspensions, their
// lifting and terminations, cancellations), each run twice and at once, must store one message per event and
// key. (Sending over SMTP once per key: billing-messages.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { expireOrders } from '../../src/modules/checkout/expire-orders.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { refundInvoice } from '../../src/modules/invoicing/refund-invoice.ts';
import { requestCancellation } from '../../src/modules/services/request-cancellation.ts';
import { transitionServices } from '../../src/modules/services/transition-services.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let packageId: number;
let staffId: number;
const NOW = new Date('2026-07-01T10:00:00Z');
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
/** A client's messages but the order's "Invoice issued" (the checkout's, tested with it). */
const messages = (clientId: number) =>
  sql<{ kind: string; dedupe_key: string; attachments: unknown[]; subject: string; text: string }>(
    `select kind, dedupe_key, attachments, subject, text from mail_message where client_id = ? and kind <> 'invoice_issued' order by id`,
    [clientId],
  );
const kinds = async (clientId: number) => (await messages(clientId)).map((m) => m.kind);
let n = 0;

async function clientWithOrder(language: string | null = null) {
  const [c] = await sql<{ id: number }>(
    `insert into client (email, name, currency, language) values (?, 'Grace Hopper', 'USD', ?) returning id`,
    [`events-${++n}@example.com`, language],
  );
  const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, NOW);
  return { clientId: c!.id, invoiceId: invoice.id };
}

async function activeService(language: string | null = null) {
  const { clientId, invoiceId } = await clientWithOrder(language);
  await payInvoice(em(), { invoiceId, gateway: 'manual', reference: `pay-${invoiceId}` }, NOW);
  const [s] = await sql<{ id: number }>(
    `update service set status = 'active', next_due_date = '2026-08-01' where client_id = ? returning id`,
    [clientId],
  );
  return { clientId, invoiceId, serviceId: s!.id };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await sql(`insert into language (code, name, is_default) values ('en', 'English', true), ('de', 'Deutsch', false)`);
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  packageId = (await createPackage(em(), { catalogId: catalog.id, name: 'Web' })).id;
  await sql('update package set allow_cancellation = true where id = ?', [packageId]);
  await savePrice(em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '10.00',
  });
  const [s] = await sql<{ id: number }>(
    `insert into staff (email, name, role, password_hash) values ('owner@example.com', 'Owner', 'owner', 'x') returning id`,
  );
  staffId = s!.id;
});
afterAll(() => db.drop());

describe('billing messages from the actions that cause them', () => {
  it('a refund: one message per refund with its credit note attached, after one receipt for the payment', async () => {
    const { clientId, invoiceId } = await activeService();
    const by = () => ({ staffId, actor: 'staff:owner@example.com', now: NOW });
    await refundInvoice(em(), invoiceId, { amount: '4.00', destination: 'credit' }, by());
    await refundInvoice(em(), invoiceId, { amount: '1.00', destination: 'credit' }, by());
    const all = await messages(clientId);
    expect(all.map((m) => m.kind)).toEqual(['payment_receipt', 'refund_issued', 'refund_issued']);
    const notes = await sql<{ id: number; number: string }>('select id, number from credit_note where invoice_id = ? order by id', [
      invoiceId,
    ]);
    expect(all[1]!.attachments).toEqual([{ kind: 'credit-note-pdf', creditNoteId: notes[0]!.id }]);
    expect(all[1]!.subject).toMatch(/^Refund of 4\.00 USD for invoice /);
  });

  it('an order not paid in time: one message, however many expiry runs race', async () => {
    const { clientId } = await clientWithOrder('de');
    const later = new Date('2026-07-20T10:00:00Z');
    await Promise.all([expireOrders(em(), later), expireOrders(em(), later), expireOrders(em(), later)]);
    await expireOrders(em(), later);
    const all = await messages(clientId);
    expect(all.map((m) => m.kind)).toEqual(['order_cancelled']);
    expect(all[0]!.subject).toMatch(/^Ihre Bestellung #\d+ wurde storniert$/);
  });

  it('a suspension and a termination: one message each, whatever sweeps race', async () => {
    const { clientId, serviceId } = await activeService();
    const move = (to: 'suspended' | 'terminated', from: ('active' | 'suspended')[]) =>
      em().transactional((tx) =>
        transitionServices(tx, [{ serviceId, note: 'Overdue.' }], { from, to, suspendReason: to === 'suspended' ? 'overdue' : null }, NOW),
      );
    await Promise.all([move('suspended', ['active']), move('suspended', ['active'])]);
    await move('suspended', ['active']);
    await Promise.all([move('terminated', ['active', 'suspended']), move('terminated', ['active', 'suspended'])]);
    expect(await kinds(clientId)).toEqual(['payment_receipt', 'service_suspended', 'service_terminated']);
  });

  it('a suspension lifted: one "active again" message, however many lifts race; a service started from pending is not told', async () => {
    const { clientId, serviceId } = await activeService();
    const move = (to: 'suspended' | 'active', from: ('active' | 'suspended' | 'pending')[], id = serviceId) =>
      em().transactional((tx) =>
        transitionServices(tx, [{ serviceId: id, note: 'Test.' }], { from, to, suspendReason: to === 'suspended' ? 'overdue' : null }, NOW),
      );
    await move('suspended', ['active']);
    await Promise.all([move('active', ['suspended']), move('active', ['suspended'])]);
    await move('active', ['suspended']);
    const all = await messages(clientId);
    expect(all.map((m) => m.kind)).toEqual(['payment_receipt', 'service_suspended', 'service_unsuspended']);
    expect(all[2]!.subject).toBe(`Your service Web (#${serviceId}) is active again`);
    // Another client's service made active from pending (not a suspension lifted): no message.
    const other = await activeService();
    await sql(`update service set status = 'pending' where id = ?`, [other.serviceId]);
    expect(await move('active', ['pending'], other.serviceId)).toEqual([other.serviceId]);
    expect(await kinds(other.clientId)).toEqual(['payment_receipt']);
  });

  it('a cancellation at the end of the term: confirmed once, asked twice and at once', async () => {
    const { clientId, serviceId } = await activeService();
    const cancel = () =>
      requestCancellation(em(), clientId, serviceId, 'end_of_term', 'unused-secret-for-end-of-term-0123456789', NOW).catch((e: Error) => e);
    await Promise.all([cancel(), cancel()]);
    await cancel();
    const all = await messages(clientId);
    expect(all.map((m) => m.kind)).toEqual(['payment_receipt', 'cancellation_confirmed']);
    expect(all[1]!.dedupe_key).toBe(`cancellation_confirmed:${serviceId}:end_of_term`);
    expect(all[1]!.text).toMatch(/The\s+service\s+ends\s+on\s+2026-08-01\s+and\s+will\s+not\s+renew\./);
  });

  it('a cancellation confirmed to a German client writes its end date the German way', async () => {
    const { clientId, serviceId } = await activeService('de');
    await requestCancellation(em(), clientId, serviceId, 'end_of_term', 'unused-secret-for-end-of-term-0123456789', NOW);
    const [confirmed] = (await messages(clientId)).filter((m) => m.kind === 'cancellation_confirmed');
    // The text is wrapped at 72 columns: words may be split by a line break.
    expect(confirmed!.text).toMatch(/Der\s+Dienst\s+endet\s+am\s+01\.08\.2026\s+und\s+wird\s+nicht\s+verlängert\./);
  });
});
