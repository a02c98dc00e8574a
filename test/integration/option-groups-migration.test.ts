// The move to shared option groups: a database whose variant groups each belong to one package
// (and whose services were sold with them) migrates with every quote and renewal unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from '@mikro-orm/migrations';
import { createTestDatabase } from '../helpers/db.ts';
import { quoteOrder } from '../../src/modules/orders/quote-order.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { loadPackage } from '../../src/modules/catalog/load-package.ts';
import { serializePackage } from '../../src/modules/catalog/serialize-package.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const one = async <T>(q: string, p: unknown[] = []) => (await sql<T>(q, p))[0]!;

const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  // Back to the schema before shared groups, then data as it was stored then.
  await new Migrator(db.orm.em).down({ to: 'Migration20261204050000' });
  expect(
    (
      await one<{ n: number }>(
        `select count(*)::int as n from information_schema.columns where table_name = 'variant_group' and column_name = 'package_id'`,
      )
    ).n,
  ).toBe(1);
  await sql(`insert into currency (code, name, rate, minor_units, is_default) values ('USD', 'US Dollar', 1, 2, true)`);
  ids.catalog = (await one<{ id: number }>(`insert into catalog (name, slug) values ('Servers', 'servers') returning id`)).id;
  for (const name of ['VPS', 'Dedicated']) {
    ids[name] = (
      await one<{ id: number }>(`insert into package (catalog_id, name, slug) values (?, ?, ?) returning id`, [
        ids.catalog,
        name,
        name.toLowerCase(),
      ])
    ).id;
    await sql(
      `insert into package_price (package_id, name, type, interval_count, period, currency, price, setup_fee) values (?, 'Monthly', 'recurring', 1, 'month', 'USD', ?, 0)`,
      [ids[name], name === 'VPS' ? '20' : '90'],
    );
  }
  // Each package has its own "Operating system" group; the VPS has a second group too.
  for (const [pkg, group, position, options] of [
    [
      'VPS',
      'Operating system',
      1,
      [
        ['Linux', '0'],
        ['Windows', '10'],
      ],
    ],
    [
      'VPS',
      'Backups',
      2,
      [
        ['None', '0'],
        ['Daily', '2.5'],
      ],
    ],
    [
      'Dedicated',
      'Operating system',
      1,
      [
        ['Linux', '0'],
        ['Windows', '25'],
      ],
    ],
  ] as const) {
    const g = await one<{ id: number }>(`insert into variant_group (package_id, name, position) values (?, ?, ?) returning id`, [
      ids[pkg],
      group,
      position,
    ]);
    for (const [i, [name, price]] of options.entries()) {
      const o = await one<{ id: number }>(`insert into variant_option (group_id, name, position) values (?, ?, ?) returning id`, [
        g.id,
        name,
        i + 1,
      ]);
      await sql(`insert into variant_option_price (option_id, price_name, currency, price, setup_fee) values (?, 'Monthly', 'USD', ?, 0)`, [
        o.id,
        price,
      ]);
      ids[`${pkg}:${name}`] = o.id;
    }
  }
  // A VPS with Windows and daily backups, sold at 32.50 a month and renewing on 2027-02-10.
  const client = await one<{ id: number }>(
    `insert into client (email, name, country, currency) values ('old@example.com', 'Old Client', 'US', 'USD') returning id`,
  );
  const snapshot = {
    v: 1,
    priceName: 'Monthly',
    optionIds: [ids['VPS:Windows'], ids['VPS:Daily']],
    price: { name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price: '20.0000' },
    quote: { currency: 'USD', renewalAmount: '32.5000', lines: [{ quantity: 1 }] },
  };
  ids.service = (
    await one<{ id: number }>(
      `insert into service (client_id, package_id, status, price_snapshot, anchor_day, next_due_date) values (?, ?, 'active', ?::jsonb, 10, '2027-02-10') returning id`,
      [client.id, ids.VPS, JSON.stringify(snapshot)],
    )
  ).id;
  await new Migrator(db.orm.em).up();
}, 60_000);
afterAll(() => db?.drop());

describe('migrating variant groups to shared option groups', () => {
  it('attaches each group to the package it belonged to, in the same order, with the same options and prices', async () => {
    const vps = serializePackage(await loadPackage(em(), ids.VPS!));
    expect(
      vps.variantGroups.map((g) => [g.name, g.type, g.options.map((o) => `${o.name} ${o.prices.map((p) => p.price).join()}`)]),
    ).toEqual([
      ['Operating system', 'choice', ['Linux 0.0000', 'Windows 10.0000']],
      ['Backups', 'choice', ['None 0.0000', 'Daily 2.5000']],
    ]);
    const dedicated = serializePackage(await loadPackage(em(), ids.Dedicated!));
    expect(dedicated.variantGroups.map((g) => g.options.map((o) => o.prices[0]!.price))).toEqual([['0.0000', '25.0000']]);
  });

  it('quotes every choice exactly as before', async () => {
    const today = '2027-01-10';
    const vps = await quoteOrder(
      em(),
      { packageId: ids.VPS!, priceName: 'Monthly', optionIds: [ids['VPS:Windows']!, ids['VPS:Daily']!], quantity: 1 },
      { today },
    );
    expect(vps.quote.lines.map((l) => [l.description, l.amount])).toEqual([
      ['VPS (Monthly), 2027-01-10 to 2027-02-09', '20.0000'],
      ['Operating system: Windows', '10.0000'],
      ['Backups: Daily', '2.5000'],
    ]);
    expect(vps.quote.renewalAmount).toBe('32.5000');
    const dedicated = await quoteOrder(
      em(),
      { packageId: ids.Dedicated!, priceName: 'Monthly', optionIds: [ids['Dedicated:Windows']!], quantity: 1 },
      { today },
    );
    expect(dedicated.quote.total).toBe('115.0000');
    // An option of another package's group is still refused.
    await expect(
      quoteOrder(em(), { packageId: ids.Dedicated!, priceName: 'Monthly', optionIds: [ids['VPS:Windows']!], quantity: 1 }, { today }),
    ).rejects.toThrow('Choose options this package offers.');
  });

  it('renews the service sold before at the same amount', async () => {
    await runBillingNow(em(), '2027-02-05', new Date('2027-02-05T12:00:00Z'));
    const line = await one<{ amount: string; period_start: string }>(
      `select amount, period_start::text from invoice_line where service_id = ? and kind = 'renewal'`,
      [ids.service],
    );
    expect(line).toEqual({ amount: '32.5000', period_start: '2027-02-10' });
  });
});
