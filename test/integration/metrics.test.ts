// Prometheus metrics: /metrics on the web process and on a worker's health port, behind the
// metrics token; scraped after a checkout, a billing run and a sent email, the counters moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../helpers/app.ts';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { startHealthServer } from '../../jobs/health.ts';

const TOKEN = 'metrics-token-0123456789';
let t: TestApp;
let owner: string;

/** The value of one series in Prometheus' text format (0 when it is not there yet). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const [series, figure] = [line.slice(0, line.lastIndexOf(' ')), line.slice(line.lastIndexOf(' ') + 1)];
    const inBraces = /\{(.*)\}/.exec(series)?.[1] ?? '';
    if (want.every((w) => inBraces.split(',').includes(w))) return Number(figure);
  }
  return 0;
}

const scrape = async (token = TOKEN) =>
  t.app.request('http://localhost/metrics', { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  t = await makeTestApp({ METRICS_TOKEN: TOKEN });
  owner = await apiToken(t, 'owner');
});
afterAll(() => t?.close());

describe('/metrics on the web process', () => {
  it('answers only the metrics token', async () => {
    expect((await scrape('')).status).toBe(401);
    expect((await scrape('not-the-token-at-all-000')).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    const off = await makeTestApp();
    try {
      expect((await off.app.request('http://localhost/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('after a checkout and a billing run: the request counted under its route, the outbox and the run seen', async () => {
    const before = await (await scrape()).text();
    await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
    const catalog = await createCatalog(t.em(), { name: 'Hosting' });
    const pkg = await createPackage(t.em(), { catalogId: catalog.id, name: 'VPS' });
    await savePrice(t.em(), pkg.id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '10.00',
    });
    const [client] = await t.orm.em
      .getConnection()
      .execute<{ id: number }[]>(
        `insert into client (email, name, currency) values ('metrics@example.com', 'Metrics', 'USD') returning id`,
      );
    const order = await t.app.request('http://localhost/api/v1/orders', {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: client!.id, packageId: pkg.id, priceName: 'Monthly' }),
    });
    expect(order.status).toBe(201);
    const run = await t.app.request('http://localhost/api/v1/billing/runs', {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(run.status).toBeLessThan(300);
    await t.app.request('http://localhost/api/v1/clients/999999', { headers: { authorization: `Bearer ${owner}` } });

    const after = await (await scrape()).text();
    const orders = { method: 'POST', route: '/api/v1/orders', status: '201' };
    expect(value(after, 'hostbill_http_request_duration_seconds_count', orders)).toBe(
      value(before, 'hostbill_http_request_duration_seconds_count', orders) + 1,
    );
    // A route's pattern, not its path: one series for every client id.
    expect(after).toContain('route="/api/v1/clients/:id"');
    expect(after).not.toContain('/api/v1/clients/999999');
    // No relay in this process: the order's rows wait in the outbox.
    expect(value(after, 'hostbill_outbox_pending', { stage: 'not_relayed' })).toBeGreaterThan(
      value(before, 'hostbill_outbox_pending', { stage: 'not_relayed' }),
    );
    expect(value(after, 'hostbill_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
    const runs = (text: string) =>
      ['running', 'done', 'failed'].reduce((n, status) => n + value(text, 'hostbill_billing_runs', { status }), 0);
    expect(runs(after)).toBe(runs(before) + 1);
  });
});

describe('the outbox gauges', () => {
  it('count rows never handed over and rows handed over but not done, and age the oldest of either', async () => {
    const before = await (await scrape()).text();
    const conn = t.orm.em.getConnection();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await conn.execute(
      `insert into outbox (queue, job, payload, dedupe_key, created_at, enqueued_at, processed_at)
       select 'mail', 'send-mail', '{}'::jsonb, 'gauge-' || g, ?::timestamptz, case when g > 2 then ?::timestamptz end, case when g = 6 then ?::timestamptz end
         from generate_series(1, 6) g`,
      [hourAgo, new Date(), new Date()],
    );
    const after = await (await scrape()).text();
    // Six rows: two never handed over, three handed over and not done, one done.
    expect(value(after, 'hostbill_outbox_pending', { stage: 'not_relayed' })).toBe(
      value(before, 'hostbill_outbox_pending', { stage: 'not_relayed' }) + 2,
    );
    expect(value(after, 'hostbill_outbox_pending', { stage: 'pending' })).toBe(
      value(before, 'hostbill_outbox_pending', { stage: 'pending' }) + 5,
    );
    expect(value(after, 'hostbill_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(3590);
    await conn.execute(`update outbox set processed_at = now() where dedupe_key like 'gauge-%'`);
    const done = await (await scrape()).text();
    expect(value(done, 'hostbill_outbox_pending', { stage: 'pending' })).toBe(
      value(before, 'hostbill_outbox_pending', { stage: 'pending' }),
    );
  });
});

describe("/metrics on a worker's health port", () => {
  it('counts the jobs it ran and reports each queue by state', async () => {
    const m = await startMailWorker('hbmetrics');
    const health = await startHealthServer({
      orm: m.db.orm,
      redis: m.redis,
      port: 0,
      metrics: m.worker.metrics.registry,
      metricsToken: TOKEN,
    });
    const queues = createQueues(m.redis, m.prefix, 200);
    try {
      const url = `http://127.0.0.1:${health.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      await m.db.orm.em
        .fork()
        .transactional((tx) =>
          queueMail(tx, { to: 'someone@example.com', subject: 'Hello', html: '<p>Hi</p>', text: 'Hi', dedupeKey: 'metrics-1' }),
        );
      createRelay(m.db.orm, queues).kick();
      await until(() => m.smtp.received.length === 1, 20_000);
      const sent = { queue: 'mail', job: 'send-mail', outcome: 'completed' };
      let text = '';
      await until(
        async () =>
          value(
            (text = await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).text()),
            'hostbill_job_attempts_total',
            sent,
          ) === 1,
        10_000,
      );
      expect(value(text, 'hostbill_job_duration_seconds_count', sent)).toBe(1);
      expect(text).toContain('hostbill_jobs{queue="mail",state="waiting"}');
      expect(text).toContain('hostbill_jobs{queue="billing",state="failed"}');
    } finally {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      health.close();
      await m.close();
    }
  });
});
