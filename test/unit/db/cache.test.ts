import { describe, expect, it } from 'vitest';
import { ChangeCache } from '../../../src/db/cache.ts';
import type { ChangeListener } from '../../../src/db/change-feed.ts';

/** A feed driven by hand: what the database would say, when the test says it. */
function fakeFeed(live = true) {
  const listeners = new Set<ChangeListener>();
  return {
    live,
    on(l: ChangeListener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    say(change: string) {
      for (const l of listeners) l(change);
    },
  };
}

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

/** A load that counts its runs and waits for `open()`; its value says which run it was. */
function gatedLoad(value: string, tags: string[]) {
  const gate = deferred<void>();
  const counted = {
    runs: 0,
    open: () => gate.resolve(),
    load: async () => {
      const run = ++counted.runs;
      await gate.promise;
      return { value: `${value} ${run}`, tags };
    },
  };
  return counted;
}

describe('ChangeCache', () => {
  it('serves a value until a table it was read from changes, and only those entries', async () => {
    const feed = fakeFeed();
    const cache = new ChangeCache(feed);
    let reads = 0;
    const load = (tags: string[]) => () => Promise.resolve({ value: ++reads, tags });
    expect(await cache.get('a', load(['currency']))).toBe(1);
    expect(await cache.get('a', load(['currency']))).toBe(1);
    expect(await cache.get('b', load(['package', 'held:7']))).toBe(2);
    feed.say('currency');
    expect(await cache.get('a', load(['currency']))).toBe(3);
    expect(await cache.get('b', load(['package', 'held:7']))).toBe(2);
    feed.say('held:8');
    expect(await cache.get('b', load(['package', 'held:7']))).toBe(2);
    feed.say('held:7');
    expect(await cache.get('b', load(['package', 'held:7']))).toBe(4);
    feed.say('reset');
    expect(await cache.get('a', load(['currency']))).toBe(5);
    expect(await cache.get('b', load(['package']))).toBe(6);
  });

  it('does not keep a load that a change overtook, and later callers do not join it', async () => {
    const feed = fakeFeed();
    const cache = new ChangeCache(feed);
    const slow = deferred<{ value: string; tags: string[] }>();
    const first = cache.get('k', () => slow.promise);
    feed.say('setting'); // the row changed while the first load was reading it
    const second = cache.get('k', () => Promise.resolve({ value: 'new', tags: ['setting'] }));
    slow.resolve({ value: 'old', tags: ['setting'] });
    expect(await first).toBe('old');
    expect(await second).toBe('new');
    expect(await cache.get('k', () => Promise.resolve({ value: 'newer', tags: ['setting'] }))).toBe('new');
  });

  it('shares one load among concurrent misses', async () => {
    const cache = new ChangeCache(fakeFeed());
    const page = gatedLoad('page', ['package']);
    const all = Promise.all(Array.from({ length: 50 }, () => cache.get('p', page.load)));
    page.open();
    expect(await all).toEqual(Array(50).fill('page 1'));
    expect(page.runs).toBe(1);
  });

  it('serves nothing from memory while the feed is down', async () => {
    const feed = fakeFeed(false);
    const cache = new ChangeCache(feed);
    let reads = 0;
    const load = () => Promise.resolve({ value: ++reads, tags: [] });
    expect(await cache.get('x', load)).toBe(1);
    expect(await cache.get('x', load)).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('keeps at most its limit, dropping the oldest', async () => {
    const cache = new ChangeCache(fakeFeed(), 3);
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, () => Promise.resolve({ value: k, tags: ['t'] }));
    expect(cache.size).toBe(3);
    expect(await cache.get('a', () => Promise.resolve({ value: 'reloaded', tags: ['t'] }))).toBe('reloaded');
    expect(await cache.get('d', () => Promise.resolve({ value: 'reloaded', tags: ['t'] }))).toBe('d');
  });

  it('keeps a load while other tables change, and callers join a load that named its tags across them', async () => {
    const feed = fakeFeed();
    const cache = new ChangeCache(feed);
    const forecast = gatedLoad('forecast', ['setting']);
    const first = cache.get('f', forecast.load, ['setting']);
    feed.say('held:3'); // a checkout elsewhere, while the slow load runs
    feed.say('package');
    const second = cache.get('f', forecast.load, ['setting']);
    forecast.open();
    expect([await first, await second]).toEqual(['forecast 1', 'forecast 1']);
    expect(forecast.runs).toBe(1);
    expect(cache.peek('f')).toBe('forecast 1');
  });

  it('does not let callers join, or keep, a load whose named tag changed, nor one overtaken by a reset', async () => {
    const feed = fakeFeed();
    const cache = new ChangeCache(feed);
    const slow = deferred<{ value: string; tags: string[] }>();
    const first = cache.get('f', () => slow.promise, ['setting']);
    feed.say('setting');
    const second = cache.get('f', () => Promise.resolve({ value: 'new', tags: ['setting'] }), ['setting']);
    slow.resolve({ value: 'old', tags: ['setting'] });
    expect([await first, await second]).toEqual(['old', 'new']);
    expect(cache.peek('f')).toBe('new');

    const other = deferred<{ value: string; tags: string[] }>();
    const third = cache.get('g', () => other.promise, ['currency']);
    feed.say('reset');
    other.resolve({ value: 'before the reset', tags: ['currency'] });
    expect(await third).toBe('before the reset');
    expect(cache.peek('g')).toBeUndefined();
  });

  it('refreshes a held value: get serves the held one until the new one is in, and refreshes share one load', async () => {
    const cache = new ChangeCache(fakeFeed());
    await cache.get('f', () => Promise.resolve({ value: 'old', tags: ['setting'] }));
    const fresh = gatedLoad('new', ['setting']);
    const refreshes = [cache.refresh('f', fresh.load, ['setting']), cache.refresh('f', fresh.load, ['setting'])];
    expect(await cache.get('f', () => Promise.reject(new Error('must not load')))).toBe('old');
    fresh.open();
    expect(await Promise.all(refreshes)).toEqual(['new 1', 'new 1']);
    expect(fresh.runs).toBe(1);
    expect(await cache.get('f', () => Promise.reject(new Error('must not load')))).toBe('new 1');
  });
});
