import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A first-come, first-served limit on how many of one kind of work run at once in this process.
 * A waiting caller holds no connection and no lock: it costs a promise.
 */
export class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`A turn limit must be a whole number from 1 (got ${size}).`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++;
    else await new Promise<void>((start) => this.waiting.push(start)); // the slot is handed over, `running` unchanged
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Callers at work and callers waiting, for tests and metrics. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}

const byOrm = new WeakMap<object, Map<string, Turns>>();

/**
 * The turns of `kind` for the ORM `em` belongs to (its forks share them): half its pool's
 * connections. More at once would only wait for a connection or for each other's row locks, and
 * the other half stays free for every other request while a sale queues here.
 */
export function turnsOf(em: EntityManager, kind: string): Turns {
  const config = em.config; // one per ORM, shared by every fork
  let kinds = byOrm.get(config);
  if (!kinds) byOrm.set(config, (kinds = new Map<string, Turns>()));
  let turns = kinds.get(kind);
  if (!turns) kinds.set(kind, (turns = new Turns(Math.ceil((em.config.get('pool').max ?? 10) / 2))));
  return turns;
}
