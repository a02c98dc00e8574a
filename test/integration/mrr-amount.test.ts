import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { billingFixtures, snapshotOf } from './billing-runs-fixtures.ts';
import { mrrByCurrency } from '../../src/modules/reports/mrr.ts';

// The stored MRR amount (service.mrr_amount, Service.mrrAmount): what PostgreSQL works out from
// each snapshot as it is written, against the share worked out by hand for each snapshot, and
// null for each way a snapshot can fail the checks MRR makes.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;
let ids: { pkg: number; client: number };

beforeAll(async () => {
  db = await createTestDatabase();
  f = billingFixtures(db.orm);
  const pkg = await f.basics();
  ids = { pkg, client: await f.client('Stored') };
}, 60_000);
afterAll(() => db.drop());

const month = { intervalCount: 1, period: 'month' } as const;
const valid = snapshotOf(month, '30.0001', 'USD', 3);
/** A copy of `valid` with one field at `path` set to `value` (undefined: removed). */
function changed(path: string[], value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return copy;
}

const insert = async (snapshot: unknown) => {
  const [row] = await f.sql<{ id: number; mrr_amount: string | null }>(
    `insert into service (client_id, package_id, status, price_snapshot, provisioned_at) values (?, ?, 'active', ?::jsonb, '2026-01-01') returning id, mrr_amount::text`,
    [ids.client, ids.pkg, JSON.stringify(snapshot)],
  );
  return row!;
};

describe('the stored MRR amount of a service', () => {
  it("is one unit's share of the renewal per term, truncated to 4 places as renewals bill it", async () => {
    expect((await insert(valid)).mrr_amount).toBe('10.0000'); // 30.0001 / 3
    expect((await insert(snapshotOf(month, '10.0000', 'USD', 3))).mrr_amount).toBe('3.3333');
    expect((await insert(snapshotOf({ intervalCount: 12, period: 'year' }, '-5', 'EUR'))).mrr_amount).toBe('-5.0000');
    expect((await insert(changed(['quote', 'lines'], [{ quantity: 0 }]))).mrr_amount).toBe('30.0001');
    expect((await insert(changed(['quote', 'lines'], []))).mrr_amount).toBe('30.0001');
    expect((await insert(changed(['quote', 'renewalAmount'], '999999999999999.9999'))).mrr_amount).toBe('333333333333333.3333');
  });

  it('is null, and the service is still stored, for any snapshot MRR does not count', async () => {
    const refused: [string, unknown][] = [
      ['one-time price', changed(['price', 'type'], 'onetime')],
      ['no price type', changed(['price', 'type'], undefined)],
      ['unknown period', changed(['price', 'period'], 'fortnight')],
      ['count 0', changed(['price', 'intervalCount'], 0)],
      ['count 10000', changed(['price', 'intervalCount'], 10_000)],
      ['count in words', changed(['price', 'intervalCount'], 'one')],
      ['amount in words', changed(['quote', 'renewalAmount'], 'ten')],
      ['amount with 5 places', changed(['quote', 'renewalAmount'], '1.23456')],
      ['amount of 16 digits', changed(['quote', 'renewalAmount'], '1234567890123456')],
      ['amount as exponent', changed(['quote', 'renewalAmount'], '1e5')],
      ['no amount', changed(['quote', 'renewalAmount'], undefined)],
      ['no currency', changed(['quote', 'currency'], undefined)],
      ['negative quantity', changed(['quote', 'lines'], [{ quantity: -1 }])],
      ['quantity in words', changed(['quote', 'lines'], [{ quantity: 'two' }])],
      ['quantity of 7 digits', changed(['quote', 'lines'], [{ quantity: 1_000_000 }])],
      ['price a string', changed(['price'], 'monthly')],
      ['quote an array', changed(['quote'], [1, 2])],
      ['empty snapshot', {}],
      ['snapshot an array', [valid]],
      ['snapshot a string', 'x'],
      ['snapshot null', null],
    ];
    for (const [what, snapshot] of refused) expect((await insert(snapshot)).mrr_amount, what).toBeNull();
  });

  it('follows the snapshot when it is written again (a package change, a custom price), and is never written by the app', async () => {
    const { id } = await insert(valid);
    await f.sql(`update service set price_snapshot = ?::jsonb where id = ?`, [JSON.stringify(snapshotOf(month, '12.5000', 'USD')), id]);
    const [after] = await f.sql<{ mrr_amount: string }>(`select mrr_amount::text from service where id = ?`, [id]);
    expect(after!.mrr_amount).toBe('12.5000');
    await expect(f.sql(`update service set mrr_amount = 1 where id = ?`, [id])).rejects.toThrow(/can only be updated to DEFAULT/);
  });

  it('is what MRR sums: services with snapshots it does not count are left out', async () => {
    const scratch = await createTestDatabase();
    try {
      const g = billingFixtures(scratch.orm);
      const pkg = await g.basics();
      const client = await g.client('Summed');
      const add = (snapshot: unknown) =>
        g.sql(
          `insert into service (client_id, package_id, status, price_snapshot, provisioned_at) values (?, ?, 'active', ?::jsonb, '2026-01-01')`,
          [client, pkg, JSON.stringify(snapshot)],
        );
      await add(valid); // 10.0000 a month
      await add(snapshotOf({ intervalCount: 1, period: 'year' }, '120.0000', 'USD')); // 10.0000 a month
      await add(changed(['quote', 'renewalAmount'], 'ten'));
      await add(changed(['price', 'period'], 'fortnight'));
      expect(await mrrByCurrency(scratch.orm.em.fork(), new Date('2026-12-01T00:00:00Z'))).toEqual([
        { currency: 'USD', amount: '20.0000' },
      ]);
    } finally {
      await scratch.drop();
    }
  });
});
