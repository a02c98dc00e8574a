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
 * NOTE: a load that was running when a change to one of its tags arrived is not kept (its rows
 * may predate the change); concurrent misses for one key share one load, so a burst after an invalidation
 * costs one query, not one per request. Nothing is served while the feed is down.
 */
export class ChangeCache {
  private entries = new Map<string, Entry>();
  private byTag = new Map<string, Set<string>>();
  /** Loads running, with the tags they said they read when they said it up front. */
  private loading = new Map<string, { run: Promise<unknown>; tags?: Tags }>();
  private generation = 0;
  /** Loads running, whether or not later callers may still join them. */
  private running = 0;
  /** The generation each tag last changed at, kept only while a load runs (it is all the check below needs). */
  private changedAt = new Map<string, number>();
  private resetAt = -1;
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

  /** `tags`: what the load reads, when known before it runs (see `refresh`). */
  async get<T>(key: string, load: () => Promise<{ value: T; tags: Tags }>, tags?: Tags): Promise<T> {
    if (!this.feed.live) return (await load()).value;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      return hit.value as T;
    }
    this.misses++;
    return this.refresh(key, load, tags);
  }

  /**
   * Loads `key` again, held or not, and keeps what it loads; a load of `key` already running is
   * shared. `get` goes on serving the held value meanwhile (a value served stale while it is
   * worked out again: see renewal-forecast.ts).
   * NOTE: what a load returns is kept unless one of its tags changed while it ran: a change to
   * anything else would not have dropped it had it come after, so a slow load (a forecast of a
   * second) is kept however busy the rest of the shop is. Callers join a running load unless a
   * change since may have overtaken it: one to a tag it named up front (`knownTags`), or any
   * change when it named none.
   */
  async refresh<T>(key: string, load: () => Promise<{ value: T; tags: Tags }>, knownTags?: Tags): Promise<T> {
    if (!this.feed.live) return (await load()).value;
    const pending = this.loading.get(key);
    if (pending) return pending.run as Promise<T>;
    const started = this.generation;
    this.running++;
    // NOTE: from a resolved promise, so a load that throws at once still ends in `finally`.
    const run = Promise.resolve()
      .then(load)
      .then(({ value, tags }) => {
        if (this.feed.live && !this.overtaken(tags, started)) this.store(key, { value, tags });
        return value;
      })
      .finally(() => {
        if (this.loading.get(key)?.run === run) this.loading.delete(key);
        if (--this.running === 0) this.changedAt.clear();
      });
    this.loading.set(key, { run, tags: knownTags });
    return run;
  }

  private overtaken(tags: Tags, started: number): boolean {
    return this.resetAt > started || tags.some((t) => (this.changedAt.get(t) ?? -1) > started);
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
    if (change === 'reset') {
      this.resetAt = this.generation;
      this.loading.clear();
      this.entries.clear();
      this.byTag.clear();
      return;
    }
    if (this.running) this.changedAt.set(change, this.generation);
    // A load in flight started before this change: later callers must not join one it may have overtaken.
    for (const [key, l] of this.loading) if (!l.tags || l.tags.includes(change)) this.loading.delete(key);
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
  return cachedWithTags(em, key, async () => ({ value: await load(), tags }), tags);
}

/**
 * `cached` for a read whose tags depend on what it found (the packages on a page, each with its
 * own `held:<id>`): the load returns its value and its tags.
 */
export async function cachedWithTags<T>(
  em: EntityManager,
  key: string,
  load: () => Promise<{ value: T; tags: Tags }>,
  knownTags?: Tags,
): Promise<T> {
  const cache = cacheOf(em);
  if (!cache || em.isInTransaction()) return (await load()).value;
  return cache.get(key, load, knownTags);
}
