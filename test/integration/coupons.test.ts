import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { cancelOrder } from '../../src/modules/checkout/cancel-order.ts';
import { expireOrders } from '../../src/modules/checkout/expire-orders.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { saveCoupon } from '../../src/modules/coupons/save-coupon.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { previewServiceChange } from '../../src/modules/scaling/preview-service-change.ts';
import { confirmServiceChange } from '../../src/modules/scaling/confirm-service-change.ts';
import { billAgain } from '../../src/modules/billing/bill-again.ts';
import { previewBilling } from '../../src/modules/billing/preview-billing.ts';
import { DomainError } from '../../src/modules/shared/errors.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let catalogId: number;
let web: number;
const NOW = new Date('2026-03-10T12:00:00Z');
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

let seq = 0;
async function client(name: string, country = 'US') {
  const [row] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, ?, 'USD') returning id`, [
    `${name}-${++seq}@example.com`,
    name,
    country,
  ]);
  return row!.id;
}

const coupon = async (fields: Record<string, unknown>) =>
  (await saveCoupon(em(), undefined, { kind: 'percent', percent: '10', ...fields })).id;
const usesOf = async (id: number) => (await sql<{ uses: number }>('select uses from coupon where id = ?', [id]))[0]!.uses;
const order = (clientId: number, couponCode?: string, now = NOW, packageId = web) =>
  placeOrder(em(), { clientId, packageId, priceName: 'Monthly', couponCode }, now);

async function settle<T>(jobs: Promise<T>[]) {
  const results = await Promise.allSettled(jobs);
  return {
    ok: results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<T>).value),
    refused: results.filter((r) => r.status === 'rejected').map((r) => r.reason as Error),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '0.9' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  catalogId = (await createCatalog(em(), { name: 'Hosting' })).id;
  web = (await createPackage(em(), { catalogId, name: 'Web', taxable: '1' })).id;
  await savePrice(em(), web, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '30.00',
    renewalPrice: '40.00',
  });
});
afterAll(() => db.drop());

describe('checkout with a coupon', () => {
  it('puts a negative line under the item and taxes the discounted subtotal', async () => {
    await coupon({ code: 'tax10' });
    const { invoice } = await order(await client('taxed', 'DE'), 'Tax10');
    expect(invoice.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['price', '30.0000'],
      ['discount', '-3.0000'],
    ]);
    expect(invoice.lines[1]!.description).toBe('Coupon TAX10 (10% off): Web');
    // 27.00 × 19% = 5.13.
    expect([invoice.subtotal, invoice.tax, invoice.total]).toEqual(['27.0000', '5.1300', '32.1300']);
  });

  it('refuses a bad code with a sentence for the code field, and places nothing', async () => {
    await coupon({ code: 'OLD', endsOn: '2026-01-31' });
    await coupon({ code: 'OTHER', packageIds: [(await createPackage(em(), { catalogId, name: 'Other' })).id] });
    await coupon({ code: 'EURONLY', kind: 'fixed', percent: '', amounts: { EUR: '5' } });
    const who = await client('bad');
    for (const [code, message] of [
      ['NOPE', 'That code is not valid.'],
      ['old', 'That code has expired.'],
      ['OTHER', 'That code does not apply to what you are ordering.'],
      ['EURONLY', 'That code gives no discount in USD.'],
    ] as const) {
      const err = await order(who, code).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).fields).toEqual({ couponCode: message });
    }
    expect(await sql('select id from client_order where client_id = ?', [who])).toHaveLength(0);
  });

  it('50 clients racing for the last 10 uses: exactly 10 orders get the discount, and the count ends at the maximum', async () => {
    const id = await coupon({ code: 'RACE', maxUses: 15 });
    // 5 used already.
    for (let i = 0; i < 5; i++) await order(await client(`early${i}`), 'RACE');
    const buyers = await Promise.all(Array.from({ length: 50 }, (_, i) => client(`racer${i}`)));
    const { ok, refused } = await settle(buyers.map((b) => order(b, 'RACE')));
    expect(ok).toHaveLength(10);
    expect(ok.every((o) => o.invoice.lines.some((l) => l.kind === 'discount'))).toBe(true);
    expect(refused).toHaveLength(40);
    expect(refused.every((e) => e instanceof DomainError && /used up/.test(e.message))).toBe(true);
    expect(await usesOf(id)).toBe(15);
    const [{ n } = { n: -1 }] = await sql<{ n: number }>(
      `select count(*)::int as n from coupon_use where coupon_id = ? and status = 'live'`,
      [id],
    );
    expect(n).toBe(15);
  });

  it('one client placing two orders at once with a once-per-client code gets it once', async () => {
    const id = await coupon({ code: 'ONCEEACH', maxUsesPerClient: 1 });
    const who = await client('twice');
    const { ok, refused } = await settle([order(who, 'ONCEEACH'), order(who, 'ONCEEACH')]);
    expect(ok).toHaveLength(1);
    expect(refused.map((e) => e.message)).toEqual(['You have already used that code.']);
    expect(await usesOf(id)).toBe(1);
    // Another client still may.
    await order(await client('other'), 'ONCEEACH');
    expect(await usesOf(id)).toBe(2);
  });

  it('an order cancelled or expired unpaid gives its use back, once', async () => {
    const id = await coupon({ code: 'LASTONE', maxUses: 1, maxUsesPerClient: 1 });
    const who = await client('returner');
    const first = await order(who, 'LASTONE');
    await expect(order(await client('late'), 'LASTONE')).rejects.toThrow('That code has been used up.');
    await Promise.all([cancelOrder(em(), first.order.id, 'test', NOW), cancelOrder(em(), first.order.id, 'test', NOW)]);
    expect(await usesOf(id)).toBe(0);
    // The same client may use it again; this order expires unpaid.
    const second = await order(who, 'LASTONE');
    expect(await usesOf(id)).toBe(1);
    const later = new Date(second.order.expiresAt.getTime() + 1000);
    await Promise.all([expireOrders(em(), later), expireOrders(em(), later, second.order.id)]);
    expect(await usesOf(id)).toBe(0);
    expect(await sql(`select status from coupon_use where order_id in (?, ?) order by id`, [first.order.id, second.order.id])).toEqual([
      { status: 'released' },
      { status: 'released' },
    ]);
  });

  it('a paid order keeps its use', async () => {
    const id = await coupon({ code: 'PAIDUSE' });
    const placed = await order(await client('payer'), 'PAIDUSE');
    await payInvoice(em(), { invoiceId: placed.invoice.id, gateway: 'manual', reference: `p-${placed.invoice.id}` }, NOW);
    expect(await cancelOrder(em(), placed.order.id, 'too late', NOW)).toBe('paid');
    expect(await usesOf(id)).toBe(1);
  });
});

describe('renewals with a coupon', () => {
  async function serviceWith(code: string, day: string) {
    const who = await client(`renewer-${code}`);
    const when = new Date(`${day}T12:00:00Z`);
    const { invoice } = await order(who, code, when);
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `first-${invoice.id}` }, when);
    const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [who]);
    await sql(`update service set status = 'active' where id = ?`, [s!.id]);
    return s!.id;
  }
  const linesOf = (serviceId: number) =>
    sql<{ kind: string; amount: string; period_start: string; total: string }>(
      `select l.kind, l.amount, l.period_start::text as period_start, i.total from invoice_line l join invoice i on i.id = l.invoice_id where l.service_id = ? and i.status <> 'void' order by l.period_start, l.id`,
      [serviceId],
    );
  const cyclesLeft = async (serviceId: number) =>
    (await sql<{ cycles_left: number | null }>('select cycles_left from service_coupon where service_id = ?', [serviceId]))[0]?.cycles_left;

  /** Runs billing for the next due date (three racing runs), pays what it made; returns the invoice total. */
  async function renewOnce(serviceId: number) {
    const [{ d }] = (await sql<{ d: string }>('select next_due_date::text as d from service where id = ?', [serviceId])) as [{ d: string }];
    await Promise.all([runBillingNow(em(), d, new Date()), runBillingNow(em(), d, new Date()), runBillingNow(em(), d, new Date())]);
    // Billed once, and discounted at most once, however many runs raced.
    const billed = await sql<{ id: number; total: string; discounts: number }>(
      `select i.id, i.total, (select count(*)::int from invoice_line x where x.service_id = l.service_id and x.period_start = l.period_start and x.kind = 'discount') as discounts
         from invoice i join invoice_line l on l.invoice_id = i.id where l.service_id = ? and l.kind = 'renewal' and l.period_start = ?`,
      [serviceId, d],
    );
    expect(billed).toHaveLength(1);
    const inv = billed[0]!;
    expect(inv.discounts).toBeLessThanOrEqual(1);
    await payInvoice(em(), { invoiceId: inv.id, gateway: 'manual', reference: `r-${inv.id}` }, new Date());
    return inv.total;
  }

  it('a coupon for 3 cycles discounts the first invoice and two renewals, then stops, once per period under racing runs', async () => {
    await coupon({ code: 'THREE', duration: 'cycles', cycles: 3 });
    const id = await serviceWith('THREE', '2026-01-05');
    expect(await cyclesLeft(id)).toBe(2);
    // Renewal 40.00 - 10% = 36.00, twice; then 40.00.
    expect([await renewOnce(id), await renewOnce(id), await renewOnce(id), await renewOnce(id)]).toEqual([
      '36.0000',
      '36.0000',
      '40.0000',
      '40.0000',
    ]);
    expect(await cyclesLeft(id)).toBe(0);
    const discounts = (await linesOf(id)).filter((l) => l.kind === 'discount');
    expect(discounts.map((l) => [l.period_start, l.amount])).toEqual([
      ['2026-02-05', '-4.0000'],
      ['2026-03-05', '-4.0000'],
    ]);
  });

  it('first invoice only: renewals are full price', async () => {
    await coupon({ code: 'FIRSTONLY' });
    const id = await serviceWith('FIRSTONLY', '2026-01-06');
    expect(await cyclesLeft(id)).toBeUndefined();
    expect(await renewOnce(id)).toBe('40.0000');
  });

  it('forever keeps discounting; a fixed amount per currency takes it off each renewal', async () => {
    await coupon({ code: 'ALWAYS5', kind: 'fixed', percent: '', amounts: { USD: '5' }, duration: 'forever' });
    const id = await serviceWith('ALWAYS5', '2026-01-07');
    expect(await cyclesLeft(id)).toBeNull();
    expect([await renewOnce(id), await renewOnce(id), await renewOnce(id)]).toEqual(['35.0000', '35.0000', '35.0000']);
  });
  it('a renewal invoice voided and billed again keeps its discount without using another cycle', async () => {
    await coupon({ code: 'TWOCYCLES', duration: 'cycles', cycles: 2 });
    const id = await serviceWith('TWOCYCLES', '2026-01-08');
    const [{ d }] = (await sql<{ d: string }>('select next_due_date::text as d from service where id = ?', [id])) as [{ d: string }];
    await runBillingNow(em(), d, new Date());
    expect(await cyclesLeft(id)).toBe(0);
    const [first] = await sql<{ id: number }>(
      `select invoice_id as id from invoice_line where service_id = ? and kind = 'renewal' and period_start = ?`,
      [id, d],
    );
    await em().transactional((tx) => billAgain(tx, first!.id, 'test', new Date()));
    await runBillingNow(em(), d, new Date());
    const again = await sql<{ total: string; status: string }>(
      `select i.total, i.status from invoice i join invoice_line l on l.invoice_id = i.id where l.service_id = ? and l.kind = 'renewal' and l.period_start = ? order by i.id`,
      [id, d],
    );
    expect(again).toEqual([
      { total: '36.0000', status: 'void' },
      { total: '36.0000', status: 'unpaid' },
    ]);
    expect(await cyclesLeft(id)).toBe(0);
  });

  it('a package change keeps the coupon only if it applies to the new package', async () => {
    const pro = (await createPackage(em(), { catalogId, name: 'Web Pro', taxable: '1' })).id;
    await savePrice(em(), pro, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '50.00',
    });
    const mini = (await createPackage(em(), { catalogId, name: 'Web Mini', taxable: '1' })).id;
    await savePrice(em(), mini, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '5.00',
    });
    await setScalingTargets(em(), web, { targetIds: [pro] });
    await setScalingTargets(em(), pro, { targetIds: [mini] });
    await coupon({ code: 'WEBFAMILY', duration: 'forever', packageIds: [web, pro] });
    const id = await serviceWith('WEBFAMILY', '2026-01-09');
    const change = async (packageId: number, day: string) => {
      const when = new Date(`${day}T12:00:00Z`);
      const p = await previewServiceChange(em(), { serviceId: id }, { packageId, priceName: 'Monthly' }, when);
      const done = await confirmServiceChange(
        em(),
        { serviceId: id, actor: 'client' },
        {
          packageId,
          priceName: 'Monthly',
          expectedNet: p.net,
          expectedTotal: p.total,
          expectedCurrency: p.currency,
          effectiveDate: p.effectiveDate,
        },
        when,
      );
      if (done.invoiceId)
        await payInvoice(em(), { invoiceId: done.invoiceId, gateway: 'manual', reference: `change-${done.invoiceId}` }, when);
    };
    await change(pro, '2026-01-20');
    expect(await cyclesLeft(id)).toBeNull();
    expect(await renewOnce(id)).toBe('45.0000');
    await change(mini, '2026-02-20');
    expect(await cyclesLeft(id)).toBeUndefined();
    expect(await renewOnce(id)).toBe('5.0000');
  });
  it('the billing preview shows renewals with their discount while cycles remain', async () => {
    await coupon({ code: 'PREVIEW2', duration: 'cycles', cycles: 2 });
    await serviceWith('PREVIEW2', '2026-01-11');
    // Invoiced 7 days before each due date: 2026-02-04 (discounted, the last cycle), 2026-03-04 (not).
    const preview = await previewBilling(em(), '2026-02-04', 29, new Date('2026-02-01T12:00:00Z'));
    const on = (date: string) => preview.perDay.find((d) => d.date === date)!;
    expect(on('2026-02-04')).toMatchObject({ invoices: 1, services: 1, periods: 1, amounts: [{ currency: 'USD', total: '36.0000' }] });
    expect(on('2026-03-04')).toMatchObject({ invoices: 1, periods: 1, amounts: [{ currency: 'USD', total: '40.0000' }] });
  });
  it('a coupon marked for package changes takes its discount off the change, counts a use, and renews with the service', async () => {
    const up = (await createPackage(em(), { catalogId, name: 'Web Up', taxable: '1' })).id;
    await savePrice(em(), up, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '60.00',
    });
    await setScalingTargets(em(), web, { targetIds: [up] });
    const couponId = await coupon({
      code: 'UPGRADE20',
      percent: '20',
      duration: 'cycles',
      cycles: 2,
      forOrders: false,
      forChanges: true,
      packageIds: [up],
    });
    const who = await client('upgrader');
    const { invoice } = await order(who, undefined, new Date('2026-01-12T12:00:00Z'));
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `up-${invoice.id}` }, new Date('2026-01-12T12:00:00Z'));
    const [{ id } = { id: 0 }] = await sql<{ id: number }>('select id from service where client_id = ?', [who]);
    await sql(`update service set status = 'active' where id = ?`, [id]);
    const when = new Date('2026-01-28T12:00:00Z');
    const choice = { packageId: up, priceName: 'Monthly' };

    // Not a code for changes; and a code for changes is refused on an order.
    await expect(previewServiceChange(em(), { serviceId: id }, { ...choice, couponCode: 'TAX10' }, when)).rejects.toThrow(
      'That code is not valid for package changes.',
    );
    await expect(order(who, 'UPGRADE20')).rejects.toThrow('That code is not valid for new orders.');

    // 15 of 31 days left: credit of the renewal price 40 × 15/31 = 19.3548, charge 60 × 15/31 = 29.0323, 20% off the charge = 5.8065.
    const p = await previewServiceChange(em(), { serviceId: id }, { ...choice, couponCode: 'upgrade20' }, when);
    expect(p.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['upgrade-credit', '-19.3548'],
      ['upgrade-charge', '29.0323'],
      ['discount', '-5.8065'],
    ]);
    expect(p.lines[2]!.description).toBe('Coupon UPGRADE20 (20% off): Web Up');
    expect(p.net).toBe('3.8710');
    const confirm = (q: typeof p, code?: string) =>
      confirmServiceChange(
        em(),
        { serviceId: id, actor: 'client' },
        {
          ...choice,
          couponCode: code,
          expectedNet: q.net,
          expectedTotal: q.total,
          expectedCurrency: q.currency,
          effectiveDate: q.effectiveDate,
        },
        when,
      );
    // A confirmation without the code does not match the preview with it.
    await expect(confirm(p)).rejects.toThrow('The amounts changed since your preview');
    const first = await confirm(p, 'UPGRADE20');
    expect(await usesOf(couponId)).toBe(1);
    // Replaced by a new change without the code: the first change's use comes back.
    const plain = await previewServiceChange(em(), { serviceId: id }, choice, when);
    await confirm(plain);
    expect(await usesOf(couponId)).toBe(0);
    expect(await sql('select status from coupon_use where service_change_id = ?', [first.changeId])).toEqual([{ status: 'released' }]);
    // With the code again, paid: the service renews with it for the one cycle left.
    const again = await confirm(
      await previewServiceChange(em(), { serviceId: id }, { ...choice, couponCode: 'UPGRADE20' }, when),
      'UPGRADE20',
    );
    const lines = await sql<{ kind: string; amount: string }>(
      'select kind, amount::text from invoice_line where invoice_id = ? order by id',
      [again.invoiceId],
    );
    expect(lines.map((l) => l.kind)).toEqual(['upgrade-credit', 'upgrade-charge', 'discount']);
    await payInvoice(em(), { invoiceId: again.invoiceId!, gateway: 'manual', reference: `change-${again.invoiceId}` }, when);
    expect(await usesOf(couponId)).toBe(1);
    expect(await cyclesLeft(id)).toBe(1);
    expect([await renewOnce(id), await renewOnce(id)]).toEqual(['48.0000', '60.0000']);
  });
});
