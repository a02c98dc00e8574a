import type { EntityManager } from '@mikro-orm/postgresql';
import type { Change, ChangeFeed } from './change-feed.ts';

interface Entry {
  value: unknown;
  tags: readonly string[];
}

/** What a cached read depends on: table names, or `held:<packageId>` (see ChangeFeed). */
export type Tags = readonly string[];

/**
 * An in-process cache of things that rarely change (currencies, settings, token lookups,
 * rendered store pages), each entry dropped when the database says a table it was read from
 * changed. The shape for anything new that is read far more often than written: read it through
 * `cached(em, key, tags, load)` with the tables it reads as tags, and it is right in every web
 * process without a line about invalidation anywhere else.
 * NOTE: a load that was running when a change arrived is not kept (its rows may predate the
 * change); concurrent misses for one key share one load, so a burst after an invalidation
 * costs one query, not one per request. Nothing is served while the feed is down.
 */
export class ChangeCache {
  private entries = new Map<string, Entry>();
  private byTag = new Map<string, Set<string>>();
  private loading = new Map<string, Promise<unknown>>();
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly feed: Pick<ChangeFeed, 'live' | 'on'>,
    private readonly maxEntries = 2000,
  ) {
    feed.on((change) => this.changed(change));
  }

  get live(): boolean {
    return this.feed.live;
  }

  async get<T>(key: string, load: () => Promise<{ value: T; tags: Tags }>): Promise<T> {
    if (!this.feed.live) return (await load()).value;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      return hit.value as T;
    }
    this.misses++;
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<T>;
    const started = this.generation;
    const run = load()
      .then(({ value, tags }) => {
        if (this.generation === started && this.feed.live) this.store(key, { value, tags });
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === run) this.loading.delete(key);
      });
    this.loading.set(key, run);
    return run;
  }

  /** The value for `key` if it is in memory and may be served; never loads. `count: false` leaves the hit counter alone (a lookup on the way to a page). */
  peek<T>(key: string, opts: { count?: boolean } = {}): T | undefined {
    if (!this.feed.live) return undefined;
    const hit = this.entries.get(key);
    if (hit && opts.count !== false) this.hits++;
    return hit?.value as T | undefined;
  }

  /** Drops every entry tagged with what changed (everything on `reset`). */
  changed(change: Change): void {
    this.generation++;
    // A load in flight started before this change; later callers must not join it.
    this.loading.clear();
    if (change === 'reset') {
      this.entries.clear();
      this.byTag.clear();
      return;
    }
    const keys = this.byTag.get(change);
    if (!keys) return;
    this.byTag.delete(change);
    for (const key of keys) this.drop(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, entry: Entry) {
    this.drop(key);
    // Oldest first out: Map keeps insertion order.
    if (this.entries.size >= this.maxEntries) this.drop(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    for (const tag of entry.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private drop(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}

// One cache per ORM (every fork of an EntityManager shares its Configuration object).
const caches = new WeakMap<object, ChangeCache>();

export function attachCache(em: Pick<EntityManager, 'config'>, cache: ChangeCache): void {
  caches.set(em.config, cache);
}

export function cacheOf(em: Pick<EntityManager, 'config'>): ChangeCache | undefined {
  return caches.get(em.config);
}

/**
 * Reads through the ORM's cache when it has one and `em` is not inside a transaction (a
 * transaction must see its own writes and the rows as they are under its locks).
 */
export async function cached<T>(em: EntityManager, key: string, tags: Tags, load: () => Promise<T>): Promise<T> {
  return cachedWithTags(em, key, async () => ({ value: await load(), tags }));
}

/**
 * `cached` for a read whose tags depend on what it found (the packages on a page, each with its
 * own `held:<id>`): the load returns its value and its tags.
 */
export async function cachedWithTags<T>(em: EntityManager, key: string, load: () => Promise<{ value: T; tags: Tags }>): Promise<T> {
  const cache = cacheOf(em);
  if (!cache || em.isInTransaction()) return (await load()).value;
  return cache.get(key, load);
}
