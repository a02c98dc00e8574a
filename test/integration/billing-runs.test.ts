import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { listBillingRuns } from '../../src/modules/billing/list-billing-runs.ts';
import { loadBillingRun } from '../../src/modules/billing/load-billing-run.ts';
import { processRenewalBatch } from '../../src/modules/billing/process-renewal-batch.ts';
import { requestBillingRun } from '../../src/modules/billing/request-billing-run.ts';
import { retryBillingRun } from '../../src/modules/billing/retry-billing-run.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { Conflict, DomainError, NotFound } from '../../src/modules/shared/errors.ts';
import { billingFixtures, snapshotOf } from './billing-runs-fixtures.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;
let pkg: number;
const em = () => db.orm.em.fork();
const NOW = new Date('2026-03-01T10:00:00Z');

async function insertRun(values: {
  trigger?: string;
  status?: string;
  asOf?: string;
  startedAt: string;
  finishedAt?: string | null;
  scanned?: number;
  invoices?: number;
  failures?: number;
  batches?: number;
  actor?: string;
  retryOf?: number | null;
}) {
  const [r] = await f.sql<{ id: number }>(
    `insert into billing_run (trigger, status, as_of, actor, retry_of_id, batches, scanned, invoices, failures, started_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [
      values.trigger ?? 'schedule',
      values.status ?? 'done',
      values.asOf ?? '2026-02-01',
      values.actor ?? 'system',
      values.retryOf ?? null,
      values.batches ?? 0,
      values.scanned ?? 0,
      values.invoices ?? 0,
      values.failures ?? 0,
      values.startedAt,
      values.finishedAt === undefined ? values.startedAt : values.finishedAt,
    ],
  );
  return r!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  f = billingFixtures(db.orm);
  pkg = await f.basics();
});
afterAll(() => db.drop());

describe('listing and loading runs', () => {
  let older: number;
  let middle: number;
  let newest: number;
  let serviceId: number;

  beforeAll(async () => {
    older = await insertRun({
      startedAt: '2026-02-01T00:00:00Z',
      finishedAt: '2026-02-01T00:00:02.500Z',
      scanned: 10,
      invoices: 9,
      failures: 2,
      batches: 3,
    });
    middle = await insertRun({
      trigger: 'staff',
      actor: 'ana@example.com',
      status: 'running',
      startedAt: '2026-02-02T00:00:00Z',
      finishedAt: null,
    });
    newest = await insertRun({ trigger: 'retry', retryOf: older, startedAt: '2026-02-03T00:00:00Z' });
    await f.sql(
      `insert into billing_run_batch (run_id, seq, after_client_id, up_to_client_id, status, scanned, invoices, failures, attempts, error) values
       (?, 2, 40, 90, 'failed', 0, 0, 0, 3, 'deadlock detected'), (?, 1, 0, 40, 'done', 10, 9, 2, 1, null), (?, 3, 90, 120, 'abandoned', 0, 0, 0, 0, 'Its job was lost')`,
      [older, older, older],
    );
    serviceId = await f.service(await f.client('Failing Client'), pkg, { due: '2026-02-05' });
    await f.sql(
      `insert into billing_run_failure (run_id, service_id, reason) values (?, ?, 'The price snapshot has no renewal amount or currency.'), (?, 999999, 'gone')`,
      [older, serviceId, older],
    );
  });

  it('lists runs newest first, a page at a time, with durations', async () => {
    const all = await listBillingRuns(em(), {});
    expect(all.items.map((r) => r.id)).toEqual([newest, middle, older]);
    expect(all.items[2]).toMatchObject({
      trigger: 'schedule',
      status: 'done',
      asOf: '2026-02-01',
      scanned: 10,
      invoices: 9,
      failures: 2,
      batches: 3,
      durationMs: 2500,
      startedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(all.items[1]).toMatchObject({ status: 'running', actor: 'ana@example.com', finishedAt: null, durationMs: null });
    expect(all.items[0]!.retryOfId).toBe(older);
    const page2 = await listBillingRuns(em(), { page: '2', perPage: '2' });
    expect(page2).toMatchObject({ total: 3, page: 2, pages: 2 });
    expect(page2.items.map((r) => r.id)).toEqual([older]);
    const beyond = await listBillingRuns(em(), { page: '9', perPage: '2' });
    expect(beyond).toMatchObject({ items: [], total: 3, pages: 2 });
    for (const junk of [{ page: '0' }, { page: 'x' }, { perPage: '500' }])
      await expect(listBillingRuns(em(), junk)).rejects.toBeInstanceOf(DomainError);
  });

  it('loads a run with its batches in order, their counts, failures with names, and its retries', async () => {
    const run = await loadBillingRun(em(), older);
    expect(run).toMatchObject({
      id: older,
      scanned: 10,
      invoices: 9,
      failures: 2,
      batchesByStatus: { done: 1, failed: 1, abandoned: 1, pending: 0 },
    });
    expect(run.batchList.map((b) => [b.seq, b.status, b.afterClientId, b.upToClientId, b.error])).toEqual([
      [1, 'done', 0, 40, null],
      [2, 'failed', 40, 90, 'deadlock detected'],
      [3, 'abandoned', 90, 120, 'Its job was lost'],
    ]);
    expect(run.failureList).toHaveLength(2);
    expect(run.failureList[0]).toMatchObject({
      serviceId,
      reason: 'The price snapshot has no renewal amount or currency.',
      retriedAt: null,
      service: { status: 'active', clientName: 'Failing Client', packageName: 'Web Hosting', packageId: pkg },
    });
    expect(run.failureList[1]).toMatchObject({ serviceId: 999999, service: null });
    expect(run.retriedBy.map((r) => r.id)).toEqual([newest]);
    await expect(loadBillingRun(em(), 987654)).rejects.toBeInstanceOf(NotFound);
    await expect(loadBillingRun(em(), -1)).rejects.toBeInstanceOf(NotFound);
  });
});

describe('starting and retrying runs', () => {
  it('a staff run for a given day records who started it; junk or far-off dates are refused on the field', async () => {
    const { runId } = await requestBillingRun(em(), { asOf: '2026-02-20' }, 'staff', 'ana@example.com', NOW);
    expect(await loadBillingRun(em(), runId)).toMatchObject({ trigger: 'staff', asOf: '2026-02-20', actor: 'ana@example.com' });
    const today = await requestBillingRun(em(), {}, 'api', 'api:bot@example.com', NOW);
    expect((await loadBillingRun(em(), today.runId)).asOf).toBe('2026-03-01');
    for (const asOf of ['2026-02-30', 'soon', '2028-03-01', '2024-01-01']) {
      const err = await requestBillingRun(em(), { asOf }, 'staff', 'x', NOW).catch((e: unknown) => e);
      expect(err, asOf).toBeInstanceOf(DomainError);
      expect((err as DomainError).fields.asOf, asOf).toBeTruthy();
    }
  });

  it('retry starts a new run for the same day, marks the old failures retried, and bills what was fixed', async () => {
    const client = await f.client('Broken Snapshot');
    const broken = await f.service(client, pkg, {
      due: '2026-03-04',
      snapshot: { price: { type: 'recurring', intervalCount: 1, period: 'month' }, quote: { currency: 'USD' } },
    });
    const { runId } = await runBillingNow(em(), '2026-03-01', NOW);
    const failed = await loadBillingRun(em(), runId);
    expect(failed.failureList.map((x) => x.serviceId)).toContain(broken);
    expect(failed.status).not.toBe('running');

    // Staff fix the snapshot, then retry.
    await f.sql('update service set price_snapshot = ? where id = ?', [
      JSON.stringify(snapshotOf({ intervalCount: 1, period: 'month' }, '15.0000')),
      broken,
    ]);
    const later = new Date('2026-03-01T11:00:00Z');
    const retry = await retryBillingRun(em(), runId, 'ana@example.com', later);
    const started = await loadBillingRun(em(), retry.runId);
    expect(started).toMatchObject({ trigger: 'retry', asOf: '2026-03-01', retryOfId: runId, actor: 'ana@example.com' });
    const old = await loadBillingRun(em(), runId);
    expect(old.failureList.every((x) => x.retriedAt === later.toISOString())).toBe(true);
    expect(old.retriedBy.map((r) => r.id)).toEqual([retry.runId]);

    for (const b of started.batchList) await processRenewalBatch(em(), b.id, later);
    const done = await loadBillingRun(em(), retry.runId);
    expect(done).toMatchObject({ status: 'done', failures: 0 });
    const lines = await f.sql<{ amount: string }>(`select amount from invoice_line where service_id = ? and period_start = '2026-03-04'`, [
      broken,
    ]);
    expect(lines).toEqual([{ amount: '15.0000' }]);
  });

  it('refuses to retry a run still working, and an unknown run', async () => {
    const running = await insertRun({ status: 'running', startedAt: '2026-03-01T09:00:00Z', finishedAt: null });
    const err = await retryBillingRun(em(), running, 'x', NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect((await listBillingRuns(em(), { perPage: 100 })).items.filter((r) => r.retryOfId === running)).toEqual([]);
    await expect(retryBillingRun(em(), 424242, 'x', NOW)).rejects.toBeInstanceOf(NotFound);
  });
});
