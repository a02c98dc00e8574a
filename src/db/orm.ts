import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './mikro-orm.config.ts';
// NOTE: the domain's hooks (what a payment or a service ending sets off) are wired with the
// ORM, so no process can pay an invoice without them.
import '../modules/wiring.ts';

export type Orm = MikroORM;
export type { EntityManager } from '@mikro-orm/postgresql';

export async function openOrm(databaseUrl: string, opts: { debug?: boolean; poolMax?: number } = {}): Promise<Orm> {
  return MikroORM.init(ormConfig(databaseUrl, opts));
}

export async function migrate(orm: Orm): Promise<string[]> {
  const done = await orm.migrator.up();
  return done.map((m) => m.name);
}
