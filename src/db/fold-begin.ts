import type pg from 'pg';

/** What Kysely sends to open a transaction (`begin`, or `start transaction` with an isolation level or access mode). */
const BEGIN = /^(?:begin|start transaction(?: [a-z ]+)?)$/i;

/**
 * What MikroORM sends right after `begin` to apply a session context (`applySessionContext`: the
 * audit actor), its values written into the text; it never reads the answer.
 */
const LITERAL = String.raw`\s?E?'(?:[^']|'')*'`; // a quoted string as MikroORM escapes it (E'' when it holds a backslash)
const SET_CONFIG = String.raw`set_config\(${LITERAL}, ${LITERAL}, true\)`;
const SESSION_CONTEXT = new RegExp(`^select ${SET_CONFIG}(?:, ${SET_CONFIG})*$`, 's');

/** The answers pg gives them, handed over while the real ones are still to come. */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, oid: null, rows: [], fields: [] });
const CONTEXT_SET = Object.freeze({ command: 'SELECT', rowCount: 0, oid: null, rows: [], fields: [] });

type Query = pg.Client['query'];
type Result = pg.QueryResult | pg.QueryResult[];

/**
 * Makes a pooled pg client send a transaction's opening statements in one round trip with the
 * statement that follows them, when that statement carries no parameters.
 * NOTE: MikroORM opens every recorded (audited) transaction with `begin`, then `select
 * set_config('hb.actor', …, true)`, each awaited on its own; and it runs each of its own reads made
 * through a recorded EntityManager outside a transaction in one of these (for row-level security,
 * which the audit trail does not need), so a read was four round trips: begin, the actor, the
 * select, commit. Here `begin`, and the session context right after it, are answered at once and
 * held; the next statement on this connection goes out with them as one simple-protocol message
 * (`begin;select set_config(…);<statement>`, MikroORM writes its values into its text), and its
 * caller gets that statement's own result. PostgreSQL runs them in order; a statement failing
 * there leaves the transaction open and aborted, as it would have been.
 * A statement with parameters (the extended protocol takes one statement per message), a cursor or
 * a callback goes after the held ones, sent together as one message first, so nothing runs outside
 * the transaction: a parameterized statement waits until they have succeeded.
 */
export function foldBegin(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const held: string[] = [];
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const simple = typeof text === 'string' && (values === undefined || (Array.isArray(values) && values.length === 0)) && !callback;
    if (simple && held.length === 0 && BEGIN.test(text)) {
      held.push(text);
      return Promise.resolve(BEGUN);
    }
    if (simple && held.length === 1 && SESSION_CONTEXT.test(text)) {
      held.push(text);
      return Promise.resolve(CONTEXT_SET);
    }
    if (held.length === 0) return query(text, values, callback);
    const opening = held.join(';');
    const count = held.length;
    held.length = 0;
    if (simple) return (query(`${opening};${text}`) as Promise<Result>).then((results) => after(count, results));
    if (typeof text === 'string' && !callback) return (query(opening) as Promise<unknown>).then(() => query(text, values));
    // A cursor, a query object or a callback is answered synchronously: pg's own queue sends the
    // held statements first. (Only a dead connection fails them, and then it fails this too.)
    (query(opening) as Promise<unknown>).catch(() => undefined);
    return query(text, values, callback);
  }) as Query;
}

/** The statement's own result: pg answers a message of several statements with one result each. */
function after(held: number, results: Result): Result {
  if (!Array.isArray(results)) return results;
  return results.length === held + 1 ? results[held]! : results.slice(held);
}
