// Structured logs: every request has an id (the caller's X-Request-Id when it looks like one),
// every line logged while it is handled carries it, the outbox rows it records keep it, and the
// jobs they become (and the jobs those record) log under it too.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../helpers/app.ts';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { redirectLogs, setLogLevel, withLogContext } from '../../src/observability/log.ts';
import { invoiceIssuedLater } from '../../src/queue/jobs.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { createRelay } from '../../src/queue/relay.ts';

let t: TestApp;
let owner: string;
let lines: Record<string, unknown>[] = [];
let restore: () => void;

beforeAll(async () => {
  t = await makeTestApp();
  owner = await apiToken(t, 'owner');
  setLogLevel('info');
  restore = redirectLogs({ write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
});
afterEach(() => (lines = []));
afterAll(async () => {
  restore?.();
  setLogLevel('warn');
  await t?.close();
});

describe('a request', () => {
  it('logs one JSON line under its id, by route pattern, and answers with the id', async () => {
    const res = await t.app.request('http://localhost/api/v1/clients/424242', {
      headers: { authorization: `Bearer ${owner}`, 'x-request-id': 'req-trace-0001' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-trace-0001');
    const line = lines.find((l) => l.msg === 'request');
    expect(line).toMatchObject({ level: 'info', requestId: 'req-trace-0001', method: 'GET', route: '/api/v1/clients/:id', status: 404 });
    expect(typeof line!.ms).toBe('number');
    expect(typeof line!.time).toBe('string');
    // Never the path: it can hold ids and tokens.
    expect(JSON.stringify(lines)).not.toContain('424242');
  });

  it('makes its own id when the caller sends none or junk', async () => {
    const none = await t.app.request('http://localhost/healthz');
    const junk = await t.app.request('http://localhost/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    const ids = [none.headers.get('x-request-id'), junk.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('keeps its id on the outbox rows it records', async () => {
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
      .execute<{ id: number }[]>(`insert into client (email, name, currency) values ('traced@example.com', 'Traced', 'USD') returning id`);
    const res = await t.app.request('http://localhost/api/v1/orders', {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json', 'x-request-id': 'req-trace-0002' },
      body: JSON.stringify({ clientId: client!.id, packageId: pkg.id, priceName: 'Monthly' }),
    });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { orderId: number; invoiceId: number } };
    const rows = await t.orm.em
      .getConnection()
      .execute<{ dedupe_key: string; request_id: string | null }[]>(`select dedupe_key, request_id from outbox order by id`);
    expect(rows).toEqual([
      { dedupe_key: `expire-order:${data.orderId}`, request_id: 'req-trace-0002' },
      { dedupe_key: `invoice-issued:${data.invoiceId}`, request_id: 'req-trace-0002' },
    ]);
  });
});

describe('the jobs a request causes', () => {
  it('log under its id, and so do the jobs they record in turn', async () => {
    const m = await startMailWorker('hbtrace');
    const queues = createQueues(m.redis, m.prefix, 200);
    try {
      const sql = <T>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);
      const [c] = await sql<{ id: number }>(
        `insert into client (email, name, currency) values ('chain@example.com', 'Chain', 'EUR') returning id`,
      );
      const [inv] = await sql<{ id: number }>(
        `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, number) values (?, 'unpaid', 'EUR', 10, 0, 10, '2026-12-24', 'INV-2026-0001') returning id`,
        [c!.id],
      );
      // As a checkout would: the invoice's email recorded under the request's id.
      await withLogContext({ requestId: 'req-chain-0003' }, () =>
        m.db.orm.em.fork().transactional((tx) => invoiceIssuedLater(tx, { invoiceId: inv!.id })),
      );
      createRelay(m.db.orm, queues).kick();
      await until(() => m.smtp.received.length === 1, 20_000);
      await until(() => lines.some((l) => l.msg === 'job done' && String(l.job).startsWith('send-mail#')), 10_000);
      const done = lines.filter((l) => l.msg === 'job done');
      expect(done.map((l) => [String(l.job).split('#')[0], l.requestId]).sort()).toEqual([
        ['invoice-issued', 'req-chain-0003'],
        ['send-mail', 'req-chain-0003'],
      ]);
      // The email the first job recorded kept the id for the second.
      const [row] = await sql<{ request_id: string }>(`select request_id from outbox where job = 'send-mail'`);
      expect(row!.request_id).toBe('req-chain-0003');
    } finally {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await m.close();
    }
  });
});
