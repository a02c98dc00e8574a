import { MikroORM } from '@mikro-orm/postgresql';
import { readdir } from 'node:fs/promises';
import { migrationsPath, ormConfig } from './mikro-orm.config.ts';
// NOTE: the domain's hooks (what a payment or a service ending sets off) are wired with the
// ORM, so no process can pay an invoice without them.
import '../modules/wiring.ts';

export type Orm = MikroORM;
export type { EntityManager } from '@mikro-orm/postgresql';

export async function openOrm(databaseUrl: string, opts: { debug?: boolean; poolMax?: number } = {}): Promise<Orm> {
  return MikroORM.init(ormConfig(databaseUrl, opts));
}

export async function migrate(orm: Orm): Promise<string[]> {
  const { Migrator } = await import('@mikro-orm/migrations');
  const done = await new Migrator(orm.em).up();
  return done.map((m) => m.name);
}

/**
 * The migrations in the migrations folder the database has not run, without loading the
 * migration runner (a web process only checks; `npm run migrate` applies them).
 */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  const known = (await readdir(migrationsPath)).flatMap((f) =>
    /^(Migration\d+)\.(js|ts)$/.exec(f)?.[1] ? [f.replace(/\.(js|ts)$/, '')] : [],
  );
  const [table] = await orm.em
    .getConnection()
    .execute<{ exists: boolean }[]>(`select to_regclass('mikro_orm_migrations') is not null as exists`);
  const ran = table?.exists
    ? new Set((await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations')).map((r) => r.name))
    : new Set<string>();
  return [...new Set(known)].filter((n) => !ran.has(n)).sort();
}
