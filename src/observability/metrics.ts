import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'kysely';
import { countAll, db } from '../db/database.ts';
import type { Orm } from '../db/orm.ts';

// Prometheus metrics, one registry per process (the web process and each worker serve their
// own at /metrics). Counts that live in the database or Redis (outbox rows, jobs per state,
// billing runs) are read when Prometheus scrapes, so every process reports the same truth and
// nothing is counted twice when several run; what only a process sees (its requests, the jobs it
// ran) is counted as it happens.

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export interface WorkSources {
  orm: Orm;
  /** The queues to report on (a worker: every queue, since a backlog anywhere is worth seeing). */
  queues?: readonly Queue[];
}

function workGauges(registry: Registry, sources: WorkSources) {
  new Gauge({
    name: 'hostbill_jobs',
    help: 'Jobs in each queue by state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of sources.queues ?? []) {
        const counts = await q.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
      }
    },
  });
  // NOTE: asked of each partial index in turn (outbox.entities.ts): the outbox keeps every row
  // ever done, and no index answers `processed_at is null` alone. Both gauges below read the
  // same answer, asked once per scrape: a registry starts every metric's collect at once, so the
  // second finds the first's question still under way.
  let asked: Promise<{ unrelayed: number; handedOver: number; oldest: number }> | undefined;
  const pendingNow = () => {
    if (asked) return asked;
    const q = db(sources.orm.em.fork());
    const part = (unrelayed: boolean) =>
      q
        .selectFrom('outbox')
        .select([countAll().as('n'), (eb) => eb.fn.min('created_at').as('oldest'), sql<boolean>`${unrelayed}::boolean`.as('unrelayed')])
        .where('processed_at', 'is', null)
        .where('enqueued_at', unrelayed ? 'is' : 'is not', null);
    const pending = part(true)
      .unionAll(part(false))
      .execute()
      .then((rows) => ({
        unrelayed: Number(rows.find((r) => r.unrelayed)?.n ?? 0),
        handedOver: Number(rows.find((r) => !r.unrelayed)?.n ?? 0),
        oldest: Math.min(...rows.map((r) => (r.oldest ? new Date(r.oldest).getTime() : Infinity))),
      }));
    asked = pending;
    void pending.then(
      () => (asked = undefined),
      () => (asked = undefined),
    );
    return pending;
  };
  new Gauge({
    name: 'hostbill_outbox_oldest_pending_seconds',
    help: 'Age of the oldest outbox row not yet done (0 when none).',
    registers: [registry],
    async collect() {
      const { oldest } = await pendingNow();
      this.set(Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'hostbill_outbox_pending',
    help: 'Outbox rows not yet done, and of those, not yet handed to a queue.',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      const { unrelayed, handedOver } = await pendingNow();
      this.set({ stage: 'pending' }, unrelayed + handedOver);
      this.set({ stage: 'not_relayed' }, unrelayed);
    },
  });
  new Gauge({
    name: 'hostbill_billing_runs',
    help: 'Billing runs by outcome (running, done, failed), since the database began.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await db(sources.orm.em.fork())
        .selectFrom('billing_run')
        .select(['status', countAll().as('n')])
        .groupBy('status')
        .execute();
      this.reset();
      for (const status of ['running', 'done', 'failed']) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
    },
  });
}

export interface WebMetrics {
  registry: Registry;
  requests: Histogram<'method' | 'route' | 'status'>;
}

/** The web process's registry: request latency per route, and the work gauges. */
export function createWebMetrics(sources: WorkSources, opts: { processMetrics?: boolean; alongside?: Registry } = {}): WebMetrics {
  const own = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: own, prefix: 'hostbill_web_' });
  const requests = new Histogram({
    name: 'hostbill_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [own],
  });
  workGauges(own, sources);
  // A worker in this same process (the quickstart) reports on the same page.
  return { registry: opts.alongside ? Registry.merge([own, opts.alongside]) : own, requests };
}

export interface WorkerMetrics {
  registry: Registry;
  jobs: Histogram<'queue' | 'job' | 'outcome'>;
  attempts: Counter<'queue' | 'job' | 'outcome'>;
}

/** A worker's registry: how long its jobs took and how they ended, and the work gauges. */
export function createWorkerMetrics(sources: WorkSources, opts: { processMetrics?: boolean; workGauges?: boolean } = {}): WorkerMetrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'hostbill_worker_' });
  const jobs = new Histogram({
    name: 'hostbill_job_duration_seconds',
    help: 'Time a job took in this worker, by queue, job and outcome (completed, failed).',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'hostbill_job_attempts_total',
    help: 'Job attempts this worker finished, by queue, job and outcome.',
    labelNames: ['queue', 'job', 'outcome'],
    registers: [registry],
  });
  // NOTE: off for a worker sharing a process with the web, whose registry has them already.
  if (opts.workGauges !== false) workGauges(registry, sources);
  return { registry, jobs, attempts };
}
