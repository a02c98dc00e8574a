import { defineConfig } from '@mikro-orm/postgresql';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { entities } from './entities.ts';
import { foldBegin } from './fold-begin.ts';
import { namePreparedStatements } from './prepared.ts';

export const migrationsPath = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * NOTE: MikroORM loads @mikro-orm/migrations when it starts unless an extension by that name is
 * given. This placeholder stands in for it, so processes that never migrate (web, workers) do
 * not carry the migration runner; migrate() in orm.ts loads the real one.
 */
class Migrator {
  static register(): void {}
}

/**
 * How pg hands column values over. MikroORM keeps dates and timestamps as text and converts
 * them itself; here timestamps arrive as Dates straight from the driver, so typed queries (src/db/
 * database.ts) need no per-row conversion pass, which cost ten times the query at 100k rows.
 * NOTE: `date` stays 'YYYY-MM-DD' text: a calendar date has no time zone to go wrong in.
 * NOTE: bigint (int8) arrives as a number: it holds ids and counts here, far below 2^53; money
 * is numeric and stays exact text.
 */
function driverTypes() {
  const types = new pg.TypeOverrides();
  for (const oid of [1082, 1186]) types.setTypeParser(oid, (s: string) => s); // date, interval
  types.setTypeParser(20, (s: string) => Number(s)); // int8
  return types;
}

/** One config for the app, the CLI and the tests; only the URL changes. */
export function ormConfig(databaseUrl: string, opts: { debug?: boolean; poolMax?: number } = {}) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    debug: opts.debug ?? false,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    driverOptions: {
      types: driverTypes(),
      // NOTE: every pooled connection sends the hot reads as named prepared statements (prepared.ts),
      // and a transaction's `begin` with the statement after it (fold-begin.ts).
      onPoolCreated: (pool: pg.Pool) =>
        pool.on('connect', (client: pg.Client) => {
          namePreparedStatements(client);
          foldBegin(client);
        }),
    },
    // NOTE: requests fork the EM themselves; the global one must never hold request state.
    allowGlobalContext: false,
    // NOTE: the change triggers (migration 20261203180000, read by src/db/change-feed.ts) are
    // written in migrations, not declared on entities; without this a new migration would drop them.
    schemaGenerator: { ignoreTriggers: true },
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  });
}
