import type pg from 'pg';

/** What Kysely sends to open a transaction (`begin`, or `start transaction` with an isolation level or access mode). */
const BEGIN = /^(?:begin|start transaction(?: [a-z ]+)?)$/i;

/** The answer pg gives `begin`, handed to Kysely while the real one is still to come. */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, oid: null, rows: [], fields: [] });

type Query = pg.Client['query'];
type Result = pg.QueryResult | pg.QueryResult[];

/**
 * Makes a pooled pg client send a transaction's `begin` in one round trip with the statement that
 * follows it, when that statement carries no parameters.
 * NOTE: MikroORM opens every recorded (audited) transaction with `begin`, then `select
 * set_config('hb.actor', …)` with its values written into the text, each awaited on its own: two
 * round trips before the first statement that does anything. Here `begin` is answered at once and
 * held; the next statement on this connection goes out as `begin;<statement>`, one simple-protocol
 * message, and its caller gets that statement's own result. PostgreSQL runs the two in order, and
 * a failing statement leaves the transaction open and aborted, as it would have been.
 * A statement with parameters (the extended protocol, which takes one statement per message), a
 * cursor or a callback is sent after a separate `begin`, as before, so nothing runs outside the
 * transaction: a parameterized statement waits until `begin` has succeeded.
 */
export function foldBegin(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let held: string | null = null;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const simple = typeof text === 'string' && (values === undefined || (Array.isArray(values) && values.length === 0)) && !callback;
    if (simple && held === null && BEGIN.test(text)) {
      held = text;
      return Promise.resolve(BEGUN);
    }
    if (held === null) return query(text, values, callback);
    const begin = held;
    held = null;
    if (simple) return (query(`${begin};${text}`) as Promise<Result>).then(afterBegin);
    if (typeof text === 'string' && !callback) return (query(begin) as Promise<unknown>).then(() => query(text, values));
    // A cursor, a query object or a callback is answered synchronously: pg's own queue sends
    // `begin` first. (Only `begin` on a dead connection fails, and then so does this.)
    (query(begin) as Promise<unknown>).catch(() => undefined);
    return query(text, values, callback);
  }) as Query;
}

/** The statement's own result: pg answers a message of several statements with one result each. */
function afterBegin(results: Result): Result {
  if (!Array.isArray(results)) return results;
  return results.length === 2 ? results[1]! : results.slice(1);
}
