import { expect } from 'vitest';
import type { Turns } from '../../src/db/turns.ts';

/**
 * Runs `work` while sampling `turns` every millisecond, then checks the line did its job: some
 * ran, never more at once than its size, some waited, and none is left running or waiting.
 */
export async function expectTakesTurns<T>(turns: Turns, work: () => Promise<T>): Promise<T> {
  let most = 0;
  let queued = 0;
  const watch = setInterval(() => {
    most = Math.max(most, turns.load.running);
    queued = Math.max(queued, turns.load.waiting);
  }, 1);
  const result = await work().finally(() => clearInterval(watch));
  expect(most).toBeGreaterThan(0);
  expect(most).toBeLessThanOrEqual(turns.size);
  expect(queued).toBeGreaterThan(0);
  expect(turns.load).toEqual({ running: 0, waiting: 0 });
  return result;
}
