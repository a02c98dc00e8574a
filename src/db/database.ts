import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferKyselyDB } from '@mikro-orm/sql';
import {
  Kysely as KyselyClient,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type Generated,
  type GeneratedAlways,
  type Kysely,
  type QueryResult,
  type RawBuilder,
} from 'kysely';
import type { entities } from './entities.ts';

/**
 * Every table as Kysely sees it, typed from the entity schemas: snake_case names as in SQL,
 * statuses as their unions, `numeric` money as 4-decimal strings, `date` columns as
 * 'YYYY-MM-DD' strings, `timestamptz` as Date, json as its declared shape.
 */
export type Database = ComputedColumns<SerialIds<InferKyselyDB<(typeof entities)[number]>>> & PivotTables;

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

/** NOTE: columns PostgreSQL works out itself (`generated always … stored`): read, never inserted or set. */
type ComputedColumns<T extends { service: object }> = Omit<T, 'service'> & {
  service: Omit<T['service'], 'mrr_amount'> & { mrr_amount: GeneratedAlways<string | null> };
};

/**
 * Typed queries bound to `em`: inside `em.transactional` they run in its transaction.
 * NOTE: values are what pg gives (the config makes timestamps Dates, keeps dates as text and
 * parses json); a json column given an array must be passed JSON.stringify'd (pg would send a
 * JavaScript array as a PostgreSQL array).
 */
export function db(em: EntityManager): Kysely<Database> {
  // NOTE: a write by someone the audit trail records (recordWritesAs) made outside a transaction
  // runs in one of its own, which sets who it is first: see recordingKysely.
  if (em.getSessionContext() && !em.isInTransaction()) return recordingKysely(em);
  return em.getKysely<Database>();
}

const recording = new WeakMap<EntityManager, Kysely<Database>>();

/** Statements that may write (a raw one is judged by its words: a false alarm only costs a transaction). */
function mayWrite(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode' || kind === 'MergeQueryNode') return true;
  return kind === 'RawNode' && /\b(insert|update|delete|merge)\b/i.test(query.sql);
}

/**
 * A Kysely for `em` whose reads go straight to the pool, and whose writes each run in a short
 * transaction of `em`'s, so MikroORM sets the session context (the audit actor) before them.
 */
function recordingKysely(em: EntityManager): Kysely<Database> {
  let k = recording.get(em);
  if (k) return k;
  const connection: DatabaseConnection = {
    executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> =>
      mayWrite(query)
        ? em.transactional((tx) => tx.getKysely<Database>().executeQuery<R>(query))
        : em.getKysely<Database>().executeQuery<R>(query),
    streamQuery: () => {
      throw new Error('Streaming is not available while writes are being recorded.');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: () => Promise.resolve(connection),
    beginTransaction: () => Promise.reject(new Error('Open transactions with em.transactional.')),
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  k = new KyselyClient<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  recording.set(em, k);
  return k;
}

/** count(*) as a JavaScript number (PostgreSQL counts in bigint, which pg hands over as text). */
export function countAll(): RawBuilder<number> {
  return sql<number>`count(*)::int`;
}
