import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { previewBilling } from '../../src/modules/billing/preview-billing.ts';
import { billingFixtures, snapshotOf } from './billing-runs-fixtures.ts';

// 100,000 due services (20,000 clients with 5 each) and the 90-day preview a staff member opens.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const NOW = new Date('2026-03-01T10:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const f = billingFixtures(db.orm);
  const pkg = await f.basics();
  await f.sql(
    `insert into client (email, name, country) select 'bulk' || g || '@example.com', 'Bulk ' || g, case when g % 2 = 0 then 'DE' end from generate_series(1, 20000) g`,
  );
  // Monthly, anchored on days 1-28, due within the next four weeks; a fifth of them yearly.
  await f.sql(
    `insert into service (client_id, package_id, status, price_snapshot, anchor_day, next_due_date)
     select c.id, ?, case when k = 5 then 'suspended' else 'active' end, case when k = 1 then ?::jsonb else ?::jsonb end, 1 + (c.id % 28), date '2026-03-01' + (c.id % 28)
       from client c cross join generate_series(1, 5) k where c.email like 'bulk%'`,
    [
      pkg,
      JSON.stringify(snapshotOf({ intervalCount: 1, period: 'year' }, '99.0000')),
      JSON.stringify(snapshotOf({ intervalCount: 1, period: 'month' }, '10.0000')),
    ],
  );
  await f.sql('analyze service');
}, 120_000);
afterAll(() => db.drop());

describe('previewBilling at scale', () => {
  it('previews 90 days of 100,000 services in one query', async () => {
    const em = db.orm.em.fork();
    await previewBilling(em, undefined, 90, NOW); // warm the connection and plan
    const started = performance.now();
    const p = await previewBilling(db.orm.em.fork(), undefined, 90, NOW);
    const ms = performance.now() - started;
    // Each service is invoiced in the window at least once (its due date, and monthly ones again).
    expect(p.perDay.reduce((n, d) => n + d.services, 0)).toBeGreaterThanOrEqual(100_000);
    // Grouped: a client's services sharing a due date share an invoice (5 per client on its first date).
    expect(p.perDay[0]!.invoices).toBeLessThan(p.perDay[0]!.services);
    console.log(`preview of 100k services over 90 days: ${ms.toFixed(0)} ms`);
    // NOTE: no time bound here (shared machines are noisy): the time is printed, and speed is
    // measured against baselines in bench/.
  });
});
