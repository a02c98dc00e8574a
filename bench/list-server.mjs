// The baseline for bench/package-list: a bare Hono handler in a process of its own running the
// list query and the count with pg (pool of 10, as the app's), answering JSON. The statements
// come from the environment (BENCH_LIST_SQL, BENCH_COUNT_SQL) so the bench owns them; without a
// count statement the total is the list's own `total` column.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', (e) => console.error('list-server pool:', e.message));
const list = process.env.BENCH_LIST_SQL;
const count = process.env.BENCH_COUNT_SQL;
const app = new Hono().get('/', async (c) => {
  if (!count) {
    const rows = await pool.query(list, [25, 0]);
    return c.json({ items: rows.rows, total: rows.rows[0]?.total ?? 0 });
  }
  const [rows, total] = await Promise.all([pool.query(list, [25, 0]), pool.query(count)]);
  return c.json({ items: rows.rows, total: total.rows[0].n });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening ${info.port}`));
