import type { EntityManager } from '@mikro-orm/postgresql';
import {
  createQueryId,
  Kysely as KyselyClient,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type Kysely,
  type RootOperationNode,
} from 'kysely';
import { db, type Database } from './database.ts';
import { markPrepared } from './prepared.ts';

/** Where a caller's value goes in a statement built once (statement()). */
class Slot {
  constructor(readonly name: string) {}
}

/** Builds and compiles, never runs: a Kysely with no connection behind it. */
const builder = new KyselyClient<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => ({
      init: async () => {},
      acquireConnection: () => Promise.reject(new Error('A statement is only compiled here; it runs through db(em).')),
      beginTransaction: async () => {},
      commitTransaction: async () => {},
      rollbackTransaction: async () => {},
      releaseConnection: async () => {},
      destroy: async () => {},
    }),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

interface Compiled {
  sql: string;
  query: RootOperationNode;
  /** The compiled parameters: constants as they are, and a Slot where a caller's value goes. */
  parameters: readonly unknown[];
}

/**
 * A typed query of a fixed shape, built and compiled to SQL once, then run with new values
 * each time as a named prepared statement (prepared.ts): on the hottest reads, building the
 * query cost more CPU than PostgreSQL spent answering it.
 * `build` gets a builder and `values` whose every field stands for the caller's value; it is
 * called once, so it must not branch on them. Each field must reach SQL as a parameter
 * (`.where('id', '=', v.id)`, sql`${v.at}`); a list goes in as one array parameter
 * (sql`= any(${v.ids})`), never `in` (whose SQL has one placeholder per item).
 * NOTE (plans): PostgreSQL plans a named statement for its values the first five runs, then may
 * keep one generic plan, made for the tables as they were then. That suits a lookup by key or an
 * INSERT; it does not suit a join whose best plan depends on a table's size (the mail lease and
 * "sent", joining an unnest of ids): one made while the table was nearly empty hash-joins over all
 * of it until the next ANALYZE. Those stay unnamed and are planned on every run.
 */
export function statement<V extends Record<string, unknown>, R>(build: (q: Kysely<Database>, values: V) => Compilable<R>) {
  let compiled: Compiled | undefined;
  const compile = (): Compiled => {
    // Every stand-in handed out must come back as a parameter, itself: one turned into something
    // else in JavaScript (`${v.name}%`, v.ids.map(...)) would be compiled in as that constant.
    const handedOut: Slot[] = [];
    const slots = new Proxy({} as V, {
      get: (_, name) => {
        const slot = new Slot(String(name));
        handedOut.push(slot);
        return slot;
      },
    });
    const c = build(builder, slots).compile();
    for (const slot of handedOut)
      if (!c.parameters.includes(slot)) throw new Error(`Statement value "${slot.name}" does not reach the SQL as a parameter.`);
    markPrepared(c.sql);
    return { sql: c.sql, query: c.query, parameters: c.parameters };
  };
  return {
    /** The rows, in `em`'s transaction if it has one. */
    async rows(em: EntityManager, values: V): Promise<R[]> {
      compiled ??= compile();
      const parameters = compiled.parameters.map((p) => {
        if (!(p instanceof Slot)) return p;
        // NOTE: undefined would go to PostgreSQL as NULL and match nothing, silently; a caller
        // that means NULL says null.
        const value = values[p.name];
        if (value === undefined) throw new Error(`Statement value "${p.name}" is missing.`);
        return value;
      });
      const result = await db(em).executeQuery<R>({ sql: compiled.sql, query: compiled.query, queryId: createQueryId(), parameters });
      return result.rows;
    },
    /** The SQL it runs (for tests). */
    get sql(): string {
      compiled ??= compile();
      return compiled.sql;
    },
  };
}
