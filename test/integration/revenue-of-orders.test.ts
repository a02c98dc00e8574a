// The revenue report files a new order's invoice under the packages ordered: its lines are written
// before any service exists, so each carries the package its order line was for (checkout's
// writeOrder), a coupon's discount line included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { saveCoupon } from '../../src/modules/coupons/save-coupon.ts';
import { reportRevenue } from '../../src/modules/reports/report-revenue.ts';
import { parseMonthRange } from '../../src/modules/reports/rules/report-period.ts';
import { scalingStore, type ScalingStore } from './scaling-fixtures.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let s: ScalingStore;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const AT = new Date('2026-03-01T09:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  s = await scalingStore(em);
  await saveCoupon(em(), undefined, { code: 'TENOFF', kind: 'percent', percent: '10' });
});
afterAll(() => db.drop());

describe('revenue of new orders', () => {
  it('files a paid cart order’s lines (options, setup, discount) under each package ordered, not under "Other"', async () => {
    const [client] = await sql<{ id: number }>(
      `insert into client (email, name, country, currency) values ('rev@example.com', 'Rev', 'DE', 'USD') returning id`,
    );
    const { invoice } = await placeOrder(
      em(),
      {
        clientId: client!.id,
        couponCode: 'TENOFF',
        lines: [
          { packageId: s.pro, priceName: 'Monthly', optionIds: [s.os.windows], quantity: 1 },
          { packageId: s.mini, priceName: 'Monthly', quantity: 1 },
        ],
      },
      AT,
    );
    const lines = await sql<{ kind: string; package_id: number | null; service_id: number | null }>(
      'select kind, package_id, service_id from invoice_line where invoice_id = ? order by id',
      [invoice.id],
    );
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => l.kind === 'discount')).toBe(true);
    expect(lines.every((l) => l.package_id === s.pro || l.package_id === s.mini)).toBe(true);
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: 'rev-1' }, AT);

    const range = parseMonthRange('2026-03', '2026-03', AT);
    if (!range.ok) throw new Error('range');
    const report = await reportRevenue(em(), range.value, null);
    expect(report.rows.map((r) => r.label).sort()).toEqual(['Web Mini', 'Web Pro']);
    // Each package's row is the sum of its own lines, discount included, and the two make the invoice's subtotal.
    const [sums] = await sql<{ pro: string; mini: string; subtotal: string }>(
      `select (select sum(amount) from invoice_line where invoice_id = ? and package_id = ?)::numeric(19,4)::text as pro,
              (select sum(amount) from invoice_line where invoice_id = ? and package_id = ?)::numeric(19,4)::text as mini,
              (select subtotal from invoice where id = ?)::numeric(19,4)::text as subtotal`,
      [invoice.id, s.pro, invoice.id, s.mini, invoice.id],
    );
    expect(report.rows.find((r) => r.label === 'Web Pro')!.amount).toBe(sums!.pro);
    expect(report.rows.find((r) => r.label === 'Web Mini')!.amount).toBe(sums!.mini);
    expect(report.grandTotals).toEqual([{ currency: 'USD', amount: sums!.subtotal }]);
  });
});
