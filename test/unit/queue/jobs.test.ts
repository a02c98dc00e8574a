import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { processorFor, type JobRun } from '../../../jobs/run-job.ts';
import type { WorkerContext } from '../../../jobs/context.ts';
import { JOB, outboxKey } from '../../../src/queue/jobs.ts';
import { QUEUE_NAMES } from '../../../src/queue/queues.ts';

const ctx = {} as WorkerContext;
const fakeJob = (name: string, data: unknown, id = 'manual-1') => ({ name, data, id }) as unknown as Job;

describe('the job catalog', () => {
  it('declares each job once, on a known queue, with a kebab-case name', () => {
    const names = Object.values(JOB).map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const def of Object.values(JOB)) {
      expect(QUEUE_NAMES).toContain(def.queue);
      expect(def.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it.each([
    ['sendMail', { mailId: 7 }, 'send-mail:7'],
    ['provisionService', { serviceId: 42 }, 'provision:service:42'],
    ['provisionService', { serviceId: 42, retry: 1796000000000 }, 'provision:service:42:retry:1796000000000'],
    [
      'serviceAction',
      { serviceId: 3, verb: 'suspend', key: 'service-action:3:suspend:due-2026-01-31' },
      'service-action:3:suspend:due-2026-01-31',
    ],
    ['expireOrder', { orderId: 9 }, 'expire-order:9'],
    ['renewalBatch', { batchId: 11 }, 'renewal-batch:11'],
  ] as const)('%s %j has the outbox key %s', (k, payload, key) => {
    expect(outboxKey(k, payload as never)).toBe(key);
  });

  it('refuses payloads that are not ids (a string id, a record, a secret)', () => {
    expect(JOB.sendMail.payload.safeParse({ mailId: '7' }).success).toBe(false);
    expect(JOB.provisionService.payload.safeParse({ serviceId: -1 }).success).toBe(false);
    expect(JOB.serviceAction.payload.safeParse({ serviceId: 1, verb: 'explode', key: 'k' }).success).toBe(false);
    expect(JOB.renewalScan.payload.safeParse({ secret: 'x' }).success).toBe(false);
  });
});

describe('processorFor', () => {
  const seen: unknown[] = [];
  const processor = processorFor('inventory', {
    expireOrder: (payload, run: JobRun) => (seen.push({ payload, done: typeof run.done }), Promise.resolve('expired')),
    expireOrders: () => Promise.resolve('swept'),
  })(ctx);

  it('hands the handler its parsed payload, and a `done` only for work from the outbox', async () => {
    expect(await processor(fakeJob('expire-order', { orderId: 5 }), 'token')).toBe('expired');
    expect(await processor(fakeJob('expire-order', { orderId: 6 }, 'ob-12-1796000000000'), 'token')).toBe('expired');
    expect(seen).toEqual([
      { payload: { orderId: 5 }, done: 'undefined' },
      { payload: { orderId: 6 }, done: 'function' },
    ]);
    expect(await processor(fakeJob('expire-orders', {}), 'token')).toBe('swept');
  });

  it('fails for good (no retries) on a job the queue does not know or a payload it cannot run', async () => {
    await expect(processor(fakeJob('send-mail', { mailId: 1 }), 'token')).rejects.toThrow(UnrecoverableError);
    await expect(processor(fakeJob('send-mail', { mailId: 1 }), 'token')).rejects.toThrow(
      'No processor for job "send-mail" on the inventory queue.',
    );
    await expect(processor(fakeJob('expire-order', { orderId: 'abc' }), 'token')).rejects.toThrow(UnrecoverableError);
    await expect(processor(fakeJob('expire-order', {}), 'token')).rejects.toThrow(
      /Job "expire-order" has a payload it cannot run: orderId/,
    );
  });
});
