import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Compilable } from 'kysely';
import type pg from 'pg';
import { db } from './database.ts';

/**
 * Named prepared statements for the hottest uncached reads (the staff package list today).
 * PostgreSQL parses and plans a named statement once per connection
 * and then only binds values, instead of parsing and planning it on every request.
 * NOTE: opt-in by SQL text, not for every query: a connection keeps each named statement until it
 * closes, so only statements of a fixed, small set of shapes may be named (not an `in (...)` list
 * whose length varies with the data). A transaction-mode pooler in front of PostgreSQL must
 * support protocol-level prepared statements (PgBouncer 1.21+ with max_prepared_statements).
 */
const names = new Map<string, string>();

export function markPrepared(sql: string): void {
  if (!names.has(sql)) names.set(sql, `hb_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`);
}

/** Runs a typed query as a named prepared statement, in `em`'s transaction if it has one. */
export async function executePrepared<R>(em: EntityManager, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  markPrepared(compiled.sql);
  const result = await db(em).executeQuery(compiled);
  return result.rows;
}

type Query = pg.Client['query'];

/**
 * Makes a pooled pg client send the statements marked by executePrepared under their names.
 * Kysely calls `client.query(text, values)`; pg's `{ name, text, values }` form is the same call
 * with a name, which pg parses on this connection the first time only.
 */
export function namePreparedStatements(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof text === 'string' && Array.isArray(values) ? names.get(text) : undefined;
    // NOTE: pg returns a promise when the callback is undefined, as when it is left out.
    return name ? query({ name, text, values }, callback) : query(text, values, callback);
  }) as Query;
}
