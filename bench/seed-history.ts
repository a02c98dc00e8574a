// Two years of history for the admin home and reports: clients, services started over two years
// (some ended, with their status events), an invoice with a line per service, payments and refunds.
// All in set-based SQL (generate_series), so 100,000 services take seconds.
// Run alone: node bench/seed-history.ts <database url> [services]
import pg from 'pg';
import { fileURLToPath } from 'node:url';

export interface HistoryOptions {
  services?: number;
  /** The present the history runs up to. */
  now?: Date;
}

/**
 * Seeds into an empty, migrated database: currencies USD and EUR, one catalog and package, a
 * client per 5 services, and `services` services (60% monthly, 15% 3-monthly, 20% yearly, 4%
 * weekly, 1% daily, in both currencies) started over the two years before `now`.
 */
export async function seedHistory(db: pg.Pool | pg.Client, opts: HistoryOptions = {}) {
  const services = opts.services ?? 100_000;
  const now = (opts.now ?? new Date()).toISOString();
  const q = (text: string, values: unknown[] = []) => db.query(text, values);
  const insertedId = async (text: string, values: unknown[] = []) => (await db.query<{ id: number }>(text, values)).rows[0]!.id;
  await q(
    `insert into currency (code, name, minor_units, rate, is_default) values ('USD', 'US Dollar', 2, 1, true), ('EUR', 'Euro', 2, 0.92, false) on conflict do nothing`,
  );
  const catalogId = await insertedId(`insert into catalog (name, slug, position) values ('History', 'history', 1) returning id`);
  const packageId = await insertedId(
    `insert into package (catalog_id, name, slug, status, stock, position) values ($1, 'History VPS', 'history-vps', 'visible', -1, 1) returning id`,
    [catalogId],
  );
  await q(
    `insert into client (email, name, currency) select 'history' || g || '@example.com', 'History ' || g, case when g % 3 = 0 then 'EUR' else 'USD' end from generate_series(1, $1::int) g`,
    [Math.ceil(services / 5)],
  );
  // Started evenly over 730 days; a fifth ended since (cancelled or terminated), a 20th suspended, a 50th pending.
  await q(
    `insert into service (client_id, package_id, status, price_snapshot, anchor_day, next_due_date, provisioned_at, created_at, updated_at)
     select c.id, $2::int,
            case when g % 5 = 0 then (case when g % 2 = 0 then 'cancelled' else 'terminated' end) when g % 20 = 1 then 'suspended' when g % 50 = 3 then 'pending' else 'active' end,
            jsonb_build_object('priceName', t.name,
              'price', jsonb_build_object('type', 'recurring', 'intervalCount', t.n, 'period', t.period, 'currency', c.currency),
              'quote', jsonb_build_object('currency', c.currency, 'renewalAmount', to_char(t.amount + (g % 7), 'FM999990.0000'), 'lines', jsonb_build_array(jsonb_build_object('quantity', 1)))),
            1 + g % 28,
            ($1::timestamptz)::date + (g % 40),
            case when g % 50 = 3 then null else $1::timestamptz - (g % 730) * interval '1 day' end,
            $1::timestamptz - (g % 730) * interval '1 day' - interval '1 hour',
            $1::timestamptz - (g % 730) * interval '1 day' / 2
       from generate_series(1, $3::int) g
       join client c on c.email = 'history' || (1 + (g - 1) / 5) || '@example.com'
       -- Terms as a host sells them: mostly monthly and yearly, a few weekly and daily.
       join (values (0, 60, 'Monthly', 1, 'month', 10.0), (60, 75, 'Quarterly', 3, 'month', 27.0), (75, 95, 'Yearly', 1, 'year', 99.0), (95, 99, 'Weekly', 1, 'week', 3.0), (99, 100, 'Daily', 1, 'day', 0.5)) t(lo, hi, name, n, period, amount)
         on g % 100 >= t.lo and g % 100 < t.hi`,
    [now, packageId, services],
  );
  // Each ended service's end: half-way between its start and now (as updated_at says).
  await q(
    `insert into service_event (service_id, from_status, to_status, actor, created_at) select id, 'active', status, 'system', updated_at from service where status in ('cancelled', 'terminated')`,
  );
  // One invoice per service for its first term, with its line; paid unless the service is pending.
  await q(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, paid_at, created_at)
     select s.client_id, case when s.status = 'pending' or s.id % 97 = 0 then 'unpaid' else 'paid' end, s.price_snapshot->'quote'->>'currency',
            (s.price_snapshot->'quote'->>'renewalAmount')::numeric, 0, (s.price_snapshot->'quote'->>'renewalAmount')::numeric,
            s.created_at::date + 7, case when s.status = 'pending' or s.id % 97 = 0 then null else s.created_at + interval '1 day' end, s.created_at
       from service s where s.package_id = $1 order by s.id`,
    [packageId],
  );
  await q(
    `insert into invoice_line (invoice_id, kind, description, amount, service_id, period_start)
     select i.id, 'service', 'History VPS', i.total, s.id, s.created_at::date
       from (select id, total, row_number() over (order by id) as rn from invoice) i
       join (select id, created_at, row_number() over (order by id) as rn from service where package_id = $1) s using (rn)`,
    [packageId],
  );
  await q(
    `insert into payment (invoice_id, gateway, reference, amount, currency, created_at)
     select id, 'manual', 'H-' || id, total, currency, paid_at from invoice where paid_at is not null`,
  );
  // A refund on every 40th payment.
  await q(
    `insert into payment (invoice_id, gateway, reference, amount, currency, kind, created_at)
     select invoice_id, 'manual', 'HR-' || id, -round(amount / 2, 4), currency, 'refund', created_at + interval '3 days' from payment where kind = 'payment' and id % 40 = 0`,
  );
  await q('analyze');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2];
  if (!url) throw new Error('Usage: node bench/seed-history.ts <database url> [services]');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const started = performance.now();
  await seedHistory(pool, { services: Number(process.argv[3] ?? 100_000) }).finally(() => pool.end());
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
