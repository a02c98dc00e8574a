import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferKyselyDB } from '@mikro-orm/sql';
import { sql, type Generated, type Kysely, type RawBuilder } from 'kysely';
import type { entities } from './entities.ts';

/**
 * Every table as Kysely sees it, typed from the entity schemas: snake_case names as in SQL,
 * statuses as their unions, `numeric` money as 4-decimal strings, `date` columns as
 * 'YYYY-MM-DD' strings, `timestamptz` as Date, json as its declared shape.
 */
export type Database = SerialIds<InferKyselyDB<(typeof entities)[number]>> & PivotTables;

/** NOTE: the join tables of many-to-many relations have no entity of their own, so no inferred type. */
interface PivotTables {
  client_allowed_package: { client_id: number; package_id: number };
  package_scaling: { package_id: number; target_package_id: number };
  addon_group_package: { addon_group_id: number; package_id: number };
  package_addon_group: { package_id: number; addon_group_id: number };
  coupon_package: { coupon_id: number; package_id: number };
}

/** NOTE: an integer `id` primary key is a serial the database fills in; the inferred type misses that. */
type SerialIds<T> = { [K in keyof T]: T[K] extends { id: number } ? Omit<T[K], 'id'> & { id: Generated<number> } : T[K] };

/**
 * Typed queries bound to `em`: inside `em.transactional` they run in its transaction.
 * NOTE: values are what pg gives (the config makes timestamps Dates, keeps dates as text and
 * parses json); a json column given an array must be passed JSON.stringify'd (pg would send a
 * JavaScript array as a PostgreSQL array).
 */
export function db(em: EntityManager): Kysely<Database> {
  return em.getKysely<Database>();
}

/** count(*) as a JavaScript number (PostgreSQL counts in bigint, which pg hands over as text). */
export function countAll(): RawBuilder<number> {
  return sql<number>`count(*)::int`;
}
