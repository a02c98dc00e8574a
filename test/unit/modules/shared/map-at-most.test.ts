import { describe, expect, it } from 'vitest';
import { mapAtMost } from '../../../../src/modules/shared/map-at-most.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapAtMost', () => {
  it('never runs more than it is allowed at once, and keeps every lane busy', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapAtMost([5, 1, 4, 2, 3, 1, 1, 2], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(peak).toBe(3);
    expect(out).toEqual([50, 10, 40, 20, 30, 10, 10, 20]);
  });

  it('starts the next item as soon as any one settles, not when a whole group has', async () => {
    const started: string[] = [];
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const run = mapAtMost(['slow', 'a', 'b', 'c', 'd'], 2, async (item) => {
      started.push(item);
      if (item === 'slow') await slow;
      else await tick();
    });
    // While the slow item holds one lane, the other goes through every fast one.
    for (let i = 0; i < 50 && started.length < 5; i++) await tick();
    expect(started).toEqual(['slow', 'a', 'b', 'c', 'd']);
    releaseSlow();
    await run;
  });

  it('runs each item once, however few or many lanes', async () => {
    for (const atMost of [1, 2, 100]) {
      const seen: number[] = [];
      await mapAtMost([1, 2, 3, 4], atMost, async (n) => {
        await tick();
        seen.push(n);
      });
      expect(seen.sort()).toEqual([1, 2, 3, 4]);
    }
    expect(await mapAtMost([], 4, () => Promise.resolve(1))).toEqual([]);
  });

  it('rejects with the first error only once every started call has settled', async () => {
    const finished: number[] = [];
    const run = mapAtMost([1, 2, 3], 3, async (n) => {
      if (n === 1) throw new Error('first');
      for (let i = 0; i < n; i++) await tick();
      finished.push(n);
    });
    await expect(run).rejects.toThrow('first');
    expect(finished.sort()).toEqual([2, 3]);
  });
});
