import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { relayOutbox, type PendingJob, type RelayTarget } from '../../src/modules/outbox/relay-outbox.ts';
import { sendMailLater } from '../../src/queue/jobs.ts';

// The relay's claim, against the real database: relays running at once (several web processes
// kicking, a worker sweeping) each take a disjoint batch, so only one relay works a row, and a
// queue that cannot take a batch gives it back for the next pass.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

/** A queue that takes what it is given (slowly, so relays overlap) and says what it took. */
function recordingTarget(taken: number[][], failing = false): RelayTarget {
  return {
    async enqueue(jobs: readonly PendingJob[]) {
      await new Promise((r) => setTimeout(r, 20));
      if (failing) throw new Error('Redis is down');
      taken.push(jobs.map((j) => j.id));
    },
    inspect: () => Promise.resolve({ state: 'queued' }),
  };
}

async function record(n: number, from: number) {
  for (let i = 0; i < n; i++) await em().transactional((tx) => sendMailLater(tx, { mailId: from + i }));
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('the outbox relay', () => {
  it('eight relays racing over 1,000 rows hand each row over exactly once, in batches', async () => {
    await record(1000, 1);
    const taken: number[][] = [];
    const counts = await Promise.all(
      Array.from({ length: 8 }, () => relayOutbox(em(), recordingTarget(taken), new Date(), { onlyNew: true, limit: 100 })),
    );
    const ids = taken.flat();
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...taken.map((b) => b.length))).toBeLessThanOrEqual(100);
    expect(taken.length).toBeLessThanOrEqual(20);
    const [left] = await sql<{ n: number }>('select count(*)::int as n from outbox where enqueued_at is null');
    expect(left!.n).toBe(0);
  });

  it('a queue that cannot take a batch gets it back: the next pass hands it over', async () => {
    await sql('delete from outbox');
    await record(30, 5000);
    await expect(relayOutbox(em(), recordingTarget([], true), new Date(), { onlyNew: true })).rejects.toThrow('Redis is down');
    const [waiting] = await sql<{ n: number }>('select count(*)::int as n from outbox where enqueued_at is null');
    expect(waiting!.n).toBe(30);
    const taken: number[][] = [];
    expect(await relayOutbox(em(), recordingTarget(taken), new Date(), { onlyNew: true })).toBe(30);
    expect(taken.flat()).toHaveLength(30);
  });
});
