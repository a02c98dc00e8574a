// The renewal engine's own rules, through the real actions on a real database: same-day
// grouping, credit spent on renewals, periods billed while earlier ones are unpaid, catching up
// after a gap, the run's bookkeeping (batches, counters, failures, lost jobs), and a whole run
// through BullMQ after Redis lost its jobs.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { payWithCredit } from '../../src/modules/invoicing/pay-with-credit.ts';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import { voidInvoiceIn } from '../../src/modules/invoicing/void-invoice.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { reissueRenewals } from '../../src/modules/billing/reissue-renewals.ts';
import { startBillingRun } from '../../src/modules/billing/start-billing-run.ts';
import { processRenewalBatch } from '../../src/modules/billing/process-renewal-batch.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { startWorkers } from '../../jobs/worker.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let web: number;
let mail: number;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
let n = 0;

async function client(opts: { country?: string } = {}) {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, ?, 'USD') returning id`, [
    `c${++n}-${Date.now()}@example.com`,
    `Client ${n}`,
    opts.country ?? 'DE',
  ]);
  return c!.id;
}

async function service(clientId: number, packageId: number, day: string) {
  const at = new Date(`${day}T12:00:00Z`);
  const { invoice } = await placeOrder(em(), { clientId, packageId, priceName: 'Monthly' }, at);
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `first-${invoice.id}` }, at);
  const [s] = await sql<{ id: number }>('select max(id) as id from service where client_id = ?', [clientId]);
  await sql(`update service set status = 'active' where id = ?`, [s!.id]);
  return s!.id;
}

const renewals = (clientId: number) =>
  sql<{ id: number; total: string; tax: string; credit_applied: string; status: string; due_date: string; lines: number }>(
    `select i.id, i.total, i.tax, i.credit_applied, i.status, i.due_date::text as due_date, (select count(*)::int from invoice_line l where l.invoice_id = i.id) as lines
       from invoice i where i.client_id = ? and i.order_id is null order by i.due_date, i.id`,
    [clientId],
  );
const dueOf = async (id: number) => (await sql<{ d: string }>('select next_due_date::text as d from service where id = ?', [id]))[0]!.d;
const balanceOf = async (id: number) => (await sql<{ b: string }>('select credit_balance as b from client where id = ?', [id]))[0]!.b;

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  web = (await createPackage(em(), { catalogId: catalog.id, name: 'Web' })).id;
  await savePrice(em(), web, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '10.00',
  });
  mail = (await createPackage(em(), { catalogId: catalog.id, name: 'Mail', taxable: '0' })).id;
  await savePrice(em(), mail, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '3.3333',
  });
});
afterAll(() => db.drop());

describe('renewal invoices', () => {
  it("groups a client's services due the same day into one invoice, and not when the setting is off", async () => {
    const c = await client();
    await service(c, web, '2026-01-05');
    await service(c, mail, '2026-01-05');
    await service(c, mail, '2026-01-06');
    await runBillingNow(em(), '2026-01-30', new Date());
    const inv = await renewals(c);
    // Feb 5: web 10.00 taxed + mail 3.3333 untaxed → 13.33 + 1.90 tax; Feb 6 alone.
    expect(inv.map((i) => [i.due_date, i.lines, i.total, i.tax])).toEqual([
      ['2026-02-05', 2, '15.2300', '1.9000'],
      ['2026-02-06', 1, '3.3300', '0.0000'],
    ]);

    await saveBillingSettings(em(), { groupRenewals: '0' });
    try {
      const d = await client();
      await service(d, web, '2026-01-05');
      await service(d, mail, '2026-01-05');
      await runBillingNow(em(), '2026-01-30', new Date());
      expect((await renewals(d)).map((i) => i.lines)).toEqual([1, 1]);
    } finally {
      await saveBillingSettings(em(), { groupRenewals: '1' });
    }
  });

  it('spends credit: a covered invoice is paid at once and extends the service; a partly covered one shows the rest due', async () => {
    const rich = await client();
    const s1 = await service(rich, web, '2026-03-10');
    await addCredit(em(), rich, { amount: '100', reason: 'Goodwill' }, new Date());
    await runBillingNow(em(), '2026-04-03', new Date());
    const [paid] = await renewals(rich);
    expect(paid).toMatchObject({ status: 'paid', total: '11.9000', credit_applied: '0.0000' });
    expect(await dueOf(s1)).toBe('2026-05-10');
    expect(await balanceOf(rich)).toBe('88.1000');

    const poor = await client();
    const s2 = await service(poor, web, '2026-03-10');
    await addCredit(em(), poor, { amount: '5', reason: 'Refund' }, new Date());
    await runBillingNow(em(), '2026-04-03', new Date());
    const [part] = await renewals(poor);
    expect(part).toMatchObject({ status: 'unpaid', total: '11.9000', credit_applied: '5.0000' });
    expect(await balanceOf(poor)).toBe('0.0000');
    await payInvoice(em(), { invoiceId: part!.id, gateway: 'test', reference: `rest-${part!.id}` }, new Date());
    const [payment] = await sql<{ amount: string }>('select amount from payment where invoice_id = ?', [part!.id]);
    expect(payment!.amount).toBe('6.9000');
    expect(await dueOf(s2)).toBe('2026-05-10');
    const entries = await sql<{ amount: string }>('select amount from credit_entry where client_id = ? order by id', [poor]);
    expect(entries.map((e) => e.amount)).toEqual(['5.0000', '-5.0000']);
  });

  it('paying the rest from credit later spends only what is due; voiding gives applied credit back', async () => {
    const c = await client();
    await service(c, web, '2026-03-12');
    await addCredit(em(), c, { amount: '2', reason: 'Refund' }, new Date());
    await runBillingNow(em(), '2026-04-05', new Date());
    const [inv] = await renewals(c);
    expect(inv!.credit_applied).toBe('2.0000');
    await addCredit(em(), c, { amount: '20', reason: 'Top up' }, new Date());
    expect(await payWithCredit(em(), c, inv!.id, new Date())).toBe('paid');
    // 20 − the 9.90 still due (not the 11.90 total).
    expect(await balanceOf(c)).toBe('10.1000');

    const d = await client();
    await service(d, web, '2026-03-12');
    await addCredit(em(), d, { amount: '3', reason: 'Refund' }, new Date());
    await runBillingNow(em(), '2026-04-05', new Date());
    const [open] = await renewals(d);
    const voided = await Promise.all(
      [1, 2].map(() => em().transactional((tx) => voidInvoiceIn(tx, open!.id, 'Service ended', new Date()))),
    );
    expect(voided.filter(Boolean)).toHaveLength(1);
    expect(await balanceOf(d)).toBe('3.0000');
  });

  it('bills the next period while an earlier one is unpaid; paying out of order extends only along paid periods', async () => {
    const c = await client();
    const s = await service(c, web, '2026-05-31');
    await runBillingNow(em(), '2026-06-25', new Date());
    await runBillingNow(em(), '2026-07-25', new Date());
    const [june, july] = await renewals(c);
    expect([june!.due_date, july!.due_date]).toEqual(['2026-06-30', '2026-07-31']);
    await payInvoice(em(), { invoiceId: july!.id, gateway: 'test', reference: `jul-${july!.id}` }, new Date());
    expect(await dueOf(s)).toBe('2026-06-30');
    await payInvoice(em(), { invoiceId: june!.id, gateway: 'test', reference: `jun-${june!.id}` }, new Date());
    expect(await dueOf(s)).toBe('2026-08-31');
  });

  it('a renewal of nothing is paid at once and extends the service, so it never counts as overdue', async () => {
    const free = (
      await createPackage(em(), {
        catalogId: (await sql<{ id: number }>('select id from catalog limit 1'))[0]!.id,
        name: 'Included mailbox',
      })
    ).id;
    await savePrice(em(), free, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '0',
      setupFee: '2.00',
    });
    const c = await client();
    const s = await service(c, free, '2026-02-14');
    await runBillingNow(em(), '2026-03-10', new Date());
    expect((await renewals(c)).map((i) => [i.status, i.total])).toEqual([['paid', '0.0000']]);
    expect(await dueOf(s)).toBe('2026-04-14');
  });

  it('catches up every period a stopped scheduler missed, each on its own invoice, anchored', async () => {
    const c = await client();
    await service(c, web, '2026-01-31');
    await runBillingNow(em(), '2026-05-01', new Date());
    expect((await renewals(c)).map((i) => i.due_date)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
    // Nothing more until the next horizon.
    expect((await runBillingNow(em(), '2026-05-01', new Date())).invoices).toBe(0);
  });
});

describe('billing again after a price change', () => {
  it('voids a renewal made ahead at the old price and bills every period on it again, once, at the new price', async () => {
    const c = await client();
    const moved = await service(c, web, '2026-08-05');
    const partner = await service(c, mail, '2026-08-05');
    await addCredit(em(), c, { amount: '1', reason: 'Refund' }, new Date());
    await runBillingNow(em(), '2026-08-30', new Date());
    const [old] = await renewals(c);
    expect(old).toMatchObject({ lines: 2, credit_applied: '1.0000' });
    // The package change: the service's snapshot now renews at 20.00.
    await sql(`update service set price_snapshot = jsonb_set(price_snapshot, '{quote,renewalAmount}', '"20.0000"') where id = ?`, [moved]);
    expect(await em().transactional((tx) => reissueRenewals(tx, moved, new Date()))).toEqual([old!.id]);
    expect(await balanceOf(c)).toBe('1.0000');
    await runBillingNow(em(), '2026-08-30', new Date());
    const after = await renewals(c);
    expect(after.map((i) => [i.status, i.lines])).toEqual([
      ['void', 2],
      ['unpaid', 2],
    ]);
    const lines = await sql<{ service_id: number; amount: string }>(
      `select service_id, amount from invoice_line where invoice_id = ? order by service_id`,
      [after[1]!.id],
    );
    expect(lines).toEqual([
      { service_id: moved, amount: '20.0000' },
      { service_id: partner, amount: '3.3333' },
    ]);
    const ledger = await sql<{ n: number }>(
      `select count(*)::int as n from service_period where service_id in (?, ?) and period_start = '2026-09-05'`,
      [moved, partner],
    );
    expect(ledger[0]!.n).toBe(2);
    // Nothing further to reissue once the new invoice is the only one.
    await payInvoice(em(), { invoiceId: after[1]!.id, gateway: 'test', reference: `new-${after[1]!.id}` }, new Date());
    expect(await dueOf(moved)).toBe('2026-10-05');
    expect(await em().transactional((tx) => reissueRenewals(tx, moved, new Date()))).toEqual([]);
  });
});

describe('billing runs', () => {
  it('splits due clients into batches, counts, closes the run, and ignores a batch delivered twice', async () => {
    const clients = [await client(), await client(), await client()];
    for (const c of clients) await service(c, web, '2026-09-03');
    const now = new Date();
    const { runId, batches } = await startBillingRun(em(), { asOf: '2026-09-28', trigger: 'staff', actor: 'ops@example.com' }, now, {
      batchClients: 1,
    });
    expect(batches).toBeGreaterThanOrEqual(3);
    const rows = await sql<{ id: number }>('select id from billing_run_batch where run_id = ? order by seq', [runId]);
    const outbox = await sql<{ n: number }>(
      `select count(*)::int as n from outbox where job = 'renewal-batch' and dedupe_key = any(?::text[])`,
      [`{${rows.map((r) => `renewal-batch:${r.id}`).join(',')}}`],
    );
    expect(outbox[0]!.n).toBe(rows.length);
    // Every batch delivered twice at once: each is billed once.
    const outcomes = await Promise.all(rows.flatMap((r) => [processRenewalBatch(em(), r.id, now), processRenewalBatch(em(), r.id, now)]));
    expect(outcomes.filter((o) => o.status === 'done')).toHaveLength(rows.length);
    const [run] = await sql<{ status: string; invoices: number; scanned: number; failures: number; finished_at: Date | null }>(
      'select status, invoices, scanned, failures, finished_at from billing_run where id = ?',
      [runId],
    );
    expect(run).toMatchObject({ status: 'done', failures: 0 });
    expect(run!.finished_at).not.toBeNull();
    expect(run!.invoices).toBeGreaterThanOrEqual(3);
    for (const c of clients) expect(await renewals(c)).toHaveLength(1);
    // Each invoice names the run that made it, so staff can see what a run billed.
    const made = await sql<{ n: number }>('select count(*)::int as n from invoice where billing_run_id = ?', [runId]);
    expect(made[0]!.n).toBe(run!.invoices);
    const processed = await sql<{ n: number }>(
      `select count(*)::int as n from outbox where processed_at is null and dedupe_key = any(?::text[])`,
      [`{${rows.map((r) => `renewal-batch:${r.id}`).join(',')}}`],
    );
    expect(processed[0]!.n).toBe(0);
  });

  it("reports a service it cannot bill with the reason, and bills the client's others", async () => {
    const c = await client();
    const good = await service(c, web, '2026-10-02');
    const bad = await service(c, mail, '2026-10-02');
    await sql(`update service set price_snapshot = price_snapshot #- '{quote,renewalAmount}' where id = ?`, [bad]);
    const { runId } = await runBillingNow(em(), '2026-10-27', new Date());
    const failures = await sql<{ service_id: number; reason: string }>(
      'select service_id, reason from billing_run_failure where run_id = ?',
      [runId],
    );
    expect(failures).toEqual([{ service_id: bad, reason: expect.stringMatching(/renewal amount/) }]);
    const lines = await sql<{ service_id: number }>(
      `select l.service_id from invoice_line l join invoice i on i.id = l.invoice_id where i.client_id = ? and l.kind = 'renewal'`,
      [c],
    );
    expect(lines.map((l) => l.service_id)).toEqual([good]);
    const [run] = await sql<{ status: string; failures: number }>('select status, failures from billing_run where id = ?', [runId]);
    expect(run).toEqual({ status: 'done', failures: 1 });
  });

  it('a batch that keeps failing is billed client by client: the bad client is reported, the others billed', async () => {
    const good = await client();
    const bad = await client();
    await service(good, web, '2026-10-20');
    const broken = await service(bad, web, '2026-10-20');
    // The database refuses this service's next period (as a constraint or a corrupt row would).
    await sql(
      `create function refuse_period() returns trigger language plpgsql as $$ begin if new.service_id = ${broken} and new.period_start > '2026-11-01' then raise exception 'refused by the database'; end if; return new; end $$`,
    );
    await sql('create trigger refuse_period before insert on service_period for each row execute function refuse_period()');
    try {
      const { runId } = await startBillingRun(em(), { asOf: '2026-11-14', trigger: 'schedule' }, new Date(), { batchClients: 100 });
      const [batch] = await sql<{ id: number }>('select id from billing_run_batch where run_id = ?', [runId]);
      // Two whole-batch attempts fail and throw (BullMQ retries); the third isolates the client.
      for (let i = 0; i < 2; i++) await expect(processRenewalBatch(em(), batch!.id, new Date())).rejects.toThrow(/refused by the database/);
      expect(await processRenewalBatch(em(), batch!.id, new Date())).toMatchObject({ status: 'done' });
      const failures = await sql<{ service_id: number; reason: string }>(
        'select service_id, reason from billing_run_failure where run_id = ? and reason like ?',
        [runId, '%refused%'],
      );
      expect(failures).toEqual([{ service_id: broken, reason: expect.stringMatching(/refused by the database/) }]);
      expect(await renewals(good)).toHaveLength(1);
      expect(await renewals(bad)).toHaveLength(0);
      expect((await sql<{ status: string }>('select status from billing_run where id = ?', [runId]))[0]!.status).toBe('done');
    } finally {
      await sql('drop trigger refuse_period on service_period');
      await sql('drop function refuse_period()');
    }
  });

  it('abandons batches whose jobs were lost; the next run covers their clients', async () => {
    const c = await client();
    await service(c, web, '2026-11-04');
    const { runId: lost } = await startBillingRun(em(), { asOf: '2026-11-29', trigger: 'schedule' }, new Date());
    await sql(`update billing_run_batch set created_at = now() - interval '2 hours' where run_id = ?`, [lost]);
    const { runId } = await runBillingNow(em(), '2026-11-29', new Date());
    const [old] = await sql<{ status: string }>('select status from billing_run where id = ?', [lost]);
    expect(old!.status).toBe('done');
    expect(
      (await sql<{ status: string }>('select status from billing_run_batch where run_id = ?', [lost])).every(
        (b) => b.status === 'abandoned',
      ),
    ).toBe(true);
    expect((await sql<{ invoices: number }>('select invoices from billing_run where id = ?', [runId]))[0]!.invoices).toBeGreaterThanOrEqual(
      1,
    );
    expect(await renewals(c)).toHaveLength(1);
  });

  it('runs through BullMQ: the scheduled scan fans out batches that a worker bills, even after Redis lost them', async () => {
    const c = await client();
    await service(c, web, '2026-12-01');
    const prefix = `hbbill${process.pid}${Date.now().toString(36)}`;
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const config = loadConfig({ ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: prefix, JOB_BACKOFF_MS: '50' });
    const queues = createQueues(redis, prefix, 50);
    try {
      const { runId } = await startBillingRun(em(), { asOf: '2026-12-26', trigger: 'api' }, new Date());
      const relay = createRelay(db.orm, queues);
      relay.kick();
      await relay.idle();
      // Redis loses everything before a worker runs; the outbox sweep hands the batches over again.
      await redis.eval(`for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end`, 0, `${prefix}:*`);
      expect(await relay.sweep(new Date(Date.now() + 6 * 60_000))).toBeGreaterThanOrEqual(1);
      const worker = await startWorkers({ orm: db.orm, config, redis, queues: ['billing'] });
      try {
        let status = '';
        for (let i = 0; i < 100 && status !== 'done'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          status = (await sql<{ status: string }>('select status from billing_run where id = ?', [runId]))[0]!.status;
        }
        expect(status).toBe('done');
        expect(await renewals(c)).toHaveLength(1);
      } finally {
        await worker.close();
      }
    } finally {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await redis.eval(`for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end`, 0, `${prefix}:*`);
      redis.disconnect();
    }
  });
});
