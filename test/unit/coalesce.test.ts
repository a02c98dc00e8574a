import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src/db/coalesce.ts';

/** A fake statement runner that records how callers were grouped. */
function recorder(opts: { failBatch?: boolean; failOne?: (n: number) => boolean } = {}) {
  const batches: number[][] = [];
  const ones: number[] = [];
  const run = coalesce<number, number>({
    batch: async (inputs) => {
      batches.push([...inputs]);
      await new Promise((r) => setTimeout(r, 5));
      if (opts.failBatch) throw new Error('deadlock detected');
      return inputs.map((n) => n * 10);
    },
    one: async (n) => {
      ones.push(n);
      await new Promise((r) => setTimeout(r, 1));
      if (opts.failOne?.(n)) throw new Error(`row ${n} refused`);
      return n * 10;
    },
    max: 4,
  });
  return { run, batches, ones };
}

describe('coalesce', () => {
  it('runs calls made in the same turn as one batch, each caller getting its own result', async () => {
    const r = recorder();
    expect(await Promise.all([1, 2, 3].map(r.run))).toEqual([10, 20, 30]);
    expect(r.batches).toEqual([[1, 2, 3]]);
    expect(r.ones).toEqual([]);
  });

  it('runs a lone call on its own statement', async () => {
    const r = recorder();
    expect(await r.run(7)).toBe(70);
    expect(r.batches).toEqual([]);
    expect(r.ones).toEqual([7]);
  });

  it('gathers the calls made while a batch is at the database into the next one, at most `max` at a time', async () => {
    const r = recorder();
    const first = Promise.all([1, 2].map(r.run));
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is now in flight
    const later = Promise.all([3, 4, 5, 6, 7, 8].map(r.run));
    expect(await first).toEqual([10, 20]);
    expect(await later).toEqual([30, 40, 50, 60, 70, 80]);
    expect(r.batches).toEqual([
      [1, 2],
      [3, 4, 5, 6],
      [7, 8],
    ]);
  });

  it('falls back to one statement per caller when the batch fails, so one bad row fails only its caller', async () => {
    const r = recorder({ failBatch: true, failOne: (n) => n === 2 });
    const results = await Promise.allSettled([1, 2, 3].map(r.run));
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('row 2 refused');
    expect(r.ones.sort()).toEqual([1, 2, 3]);
  });
});
