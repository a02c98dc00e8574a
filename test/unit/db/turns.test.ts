import { describe, expect, it } from 'vitest';
import { Turns } from '../../../src/db/turns.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const tick = () => new Promise((r) => setImmediate(r));

describe('Turns', () => {
  it('runs at most `size` at once and starts the others in the order they came', async () => {
    const turns = new Turns(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      turns.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(turns.load).toEqual({ running: 2, waiting: 3 });
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(turns.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a failed turn hands its place on and its error back to its caller', async () => {
    const turns = new Turns(1);
    const failing = turns.run(() => Promise.reject(new Error('refused')));
    const next = turns.run(() => Promise.resolve('served'));
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe('served');
    expect(turns.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a size that is not a whole number from 1', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => new Turns(size)).toThrow('A turn limit must be a whole number from 1');
  });
});
