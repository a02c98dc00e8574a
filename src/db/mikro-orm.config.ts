import { defineConfig } from '@mikro-orm/postgresql';
import { fileURLToPath } from 'node:url';
import { entities } from './entities.ts';

export const migrationsPath = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * NOTE: MikroORM loads @mikro-orm/migrations when it starts unless an extension by that name is
 * given. This placeholder stands in for it, so processes that never migrate (web, workers) do
 * not carry the migration runner; migrate() in orm.ts loads the real one.
 */
class Migrator {
  static register(): void {}
}

/** One config for the app, the CLI and the tests; only the URL changes. */
export function ormConfig(databaseUrl: string, opts: { debug?: boolean; poolMax?: number } = {}) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    debug: opts.debug ?? false,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    // NOTE: requests fork the EM themselves; the global one must never hold request state.
    allowGlobalContext: false,
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
