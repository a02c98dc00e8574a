import type { EntityManager } from '@mikro-orm/postgresql';

// Where a lower module must set off work in higher ones (a payment extending services, a
// service ending voiding its renewal), it announces an event inside its transaction, and the
// higher modules' handlers run in it, in one declared order (src/modules/wiring.ts). The lower
// module never imports the higher ones.

export interface HookHandler<E, R> {
  /** "module: what it does", for errors and the wiring's own listing. */
  name: string;
  run: (tx: EntityManager, event: E) => Promise<R>;
}

export interface Hook<E, R = void> {
  readonly name: string;
  /** Sets the handlers, in the order they run (once, from the wiring). */
  handle(handlers: readonly HookHandler<E, R>[]): void;
  handlers(): readonly HookHandler<E, R>[];
  /** Runs every handler in order inside `tx`; a handler's error rolls the whole transaction back. */
  announce(tx: EntityManager, event: E): Promise<R[]>;
}

export function defineHook<E, R = void>(name: string): Hook<E, R> {
  let registered: readonly HookHandler<E, R>[] | null = null;
  return {
    name,
    handle(handlers) {
      registered = [...handlers];
    },
    handlers: () => registered ?? [],
    async announce(tx, event) {
      // NOTE: an unwired hook would silently skip what a payment must do: refuse instead.
      if (!registered) throw new Error(`Nothing handles "${name}": src/modules/wiring.ts was not loaded.`);
      const results: R[] = [];
      for (const h of registered) results.push(await h.run(tx, event));
      return results;
    },
  };
}
