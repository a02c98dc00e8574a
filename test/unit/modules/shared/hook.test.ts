import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { defineHook } from '../../../../src/modules/shared/hook.ts';

const tx = {} as EntityManager;

describe('defineHook', () => {
  it('runs the handlers in the declared order, each with the transaction and the event, and returns their results', async () => {
    const seen: string[] = [];
    const hook = defineHook<{ n: number }, number>('test');
    hook.handle([
      { name: 'a', run: (t, e) => (seen.push(`a${e.n}`), Promise.resolve(t === tx ? e.n : -1)) },
      { name: 'b', run: (_t, e) => (seen.push(`b${e.n}`), Promise.resolve(e.n * 10)) },
    ]);
    expect(await hook.announce(tx, { n: 2 })).toEqual([2, 20]);
    expect(seen).toEqual(['a2', 'b2']);
    expect(hook.handlers().map((h) => h.name)).toEqual(['a', 'b']);
  });

  it('stops at the first handler that throws (its transaction then rolls back)', async () => {
    const seen: string[] = [];
    const hook = defineHook<null>('test');
    hook.handle([
      { name: 'a', run: () => (seen.push('a'), Promise.resolve()) },
      { name: 'b', run: async () => Promise.reject(new Error('refused')) },
      { name: 'c', run: () => (seen.push('c'), Promise.resolve()) },
    ]);
    await expect(hook.announce(tx, null)).rejects.toThrow('refused');
    expect(seen).toEqual(['a']);
  });

  it('refuses to announce before anything handles it, rather than silently doing nothing', async () => {
    await expect(defineHook<null>('lonely').announce(tx, null)).rejects.toThrow(
      'Nothing handles "lonely": src/modules/wiring.ts was not loaded.',
    );
  });
});
