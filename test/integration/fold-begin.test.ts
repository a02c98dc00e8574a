import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { foldBegin } from '../../src/db/fold-begin.ts';
import { db } from '../../src/db/database.ts';
import { recordWritesAs } from '../../src/modules/audit/record-as.ts';
import { createTestDatabase } from '../helpers/db.ts';

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

// A client of its own, its round trips counted under the fold: each call that reaches pg's own
// query is one message to the server and one answer.
let client: pg.Client;
let sent: string[];
beforeEach(async () => {
  client = new pg.Client({ connectionString: t.url });
  await client.connect();
  await client.query('create temporary table kept (v int)');
  sent = [];
  const real = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, ...rest: unknown[]) => {
    sent.push(typeof text === 'string' ? text : '(object)');
    return real(text, ...rest);
  }) as pg.Client['query'];
  foldBegin(client);
});
afterEach(() => client.end());

const rows = async () => (await client.query<{ v: number }>('select v from kept order by v')).rows.map((r) => r.v);

describe('a transaction’s begin goes with the statement after it', () => {
  it('sends begin and a statement without parameters as one message, in the transaction, with the statement’s own result', async () => {
    await client.query('begin');
    expect(sent).toEqual([]);
    await client.query('insert into kept values (1)');
    expect(sent).toEqual(['begin;insert into kept values (1)']);
    await client.query('rollback');
    expect(await rows()).toEqual([]);
  });

  it('holds the session context MikroORM sets after begin, and sends the three as one message', async () => {
    const actor = `select set_config('hb.actor', '{"id":7,"ua":"O''Neil"}', true)`;
    await client.query('begin');
    await client.query(actor);
    expect(sent).toEqual([]);
    const read = await client.query<{ v: string }>(`select current_setting('hb.actor', true) as v`);
    expect(read.rows).toEqual([{ v: '{"id":7,"ua":"O\'Neil"}' }]);
    expect(read.command).toBe('SELECT');
    expect(sent).toEqual([`begin;${actor};select current_setting('hb.actor', true) as v`]);
    await client.query('insert into kept values (1)');
    await client.query('rollback');
    expect(await rows()).toEqual([]);
    // Set for the transaction only (`true`): gone with it, so the three ran in one transaction.
    expect((await client.query('select current_setting($1, true) as v', ['hb.actor'])).rows).toEqual([{ v: '' }]);
  });

  it('sends the held statements as one message before a statement with parameters, which then runs in the transaction', async () => {
    const actor = `select set_config('hb.actor',  E'{"ua":"a\\\\b"}', true)`;
    await client.query('begin');
    await client.query(actor);
    const read = await client.query<{ v: string }>('select current_setting($1, true) as v', ['hb.actor']);
    expect(read.rows).toEqual([{ v: '{"ua":"a\\b"}' }]);
    expect(sent).toEqual([`begin;${actor}`, 'select current_setting($1, true) as v']);
    await client.query('commit');
  });

  it('holds a set_config only right after begin', async () => {
    await client.query(`select set_config('hb.actor', 'x', true)`);
    await client.query('begin');
    await client.query('select 1');
    await client.query(`select set_config('hb.actor', 'y', true)`);
    await client.query('commit');
    expect(sent).toEqual([
      `select set_config('hb.actor', 'x', true)`,
      'begin;select 1',
      `select set_config('hb.actor', 'y', true)`,
      'commit',
    ]);
  });

  it('sends begin on its own before a statement with parameters, which then runs inside the transaction', async () => {
    await client.query('begin');
    await client.query('insert into kept values ($1)', [2]);
    expect(sent).toEqual(['begin', 'insert into kept values ($1)']);
    await client.query('rollback');
    expect(await rows()).toEqual([]);
  });

  it('commits what the folded statement wrote', async () => {
    await client.query('begin');
    await client.query('insert into kept values (3)');
    await client.query('commit');
    expect(await rows()).toEqual([3]);
    expect(sent.slice(0, 2)).toEqual(['begin;insert into kept values (3)', 'commit']);
  });

  it('keeps the isolation level of start transaction', async () => {
    await client.query('start transaction isolation level serializable');
    expect((await client.query('show transaction_isolation')).rows).toEqual([{ transaction_isolation: 'serializable' }]);
    expect(sent).toEqual(['start transaction isolation level serializable;show transaction_isolation']);
    await client.query('commit');
  });

  it('leaves the transaction open and aborted when the folded statement fails, as an unfolded one would', async () => {
    await client.query('begin');
    await expect(client.query('select 1/0')).rejects.toThrow(/division by zero/);
    await expect(client.query('insert into kept values (4)')).rejects.toThrow(/current transaction is aborted/);
    await client.query('rollback');
    expect(await rows()).toEqual([]);
  });

  it('answers a statement of several parts with their results, without begin’s', async () => {
    await client.query('begin');
    const results = (await client.query('select 1 as a; select 2 as b')) as unknown as pg.QueryResult[];
    expect(results.map((r) => r.rows)).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    await client.query('commit');
  });

  it('passes everything else through untouched', async () => {
    expect((await client.query('select $1::int as n', [5])).rows).toEqual([{ n: 5 }]);
    expect((await client.query('select 6 as n')).rows).toEqual([{ n: 6 }]);
    expect(sent).toEqual(['select $1::int as n', 'select 6 as n']);
  });
});

describe('the ORM’s connections fold begin', () => {
  // Statements sent in one message share the time it arrived: the transaction's start, when folded.
  const firstInOneMessage = 'select statement_timestamp() = transaction_timestamp() as folded';

  it('runs a transaction’s first statement in the message that opens it', async () => {
    const seen = await t.orm.em.fork().transactional(async (tx) => {
      const first = await tx.execute<{ folded: boolean }[]>(firstInOneMessage);
      await new Promise((r) => setTimeout(r, 2));
      const second = await tx.execute<{ folded: boolean }[]>(firstInOneMessage);
      return [first[0]!.folded, second[0]!.folded];
    });
    expect(seen).toEqual([true, false]);
  });

  it('runs a read of a recorded EntityManager, which MikroORM wraps in a transaction, in one message with its actor', async () => {
    const em = t.orm.em.fork();
    recordWritesAs(em, { type: 'staff', id: 42, email: 'reader@example.com', ip: null, userAgent: null, requestId: null });
    const [row] = await em.execute<{ folded: boolean; actor: string }[]>(
      `select statement_timestamp() = transaction_timestamp() as folded, current_setting('hb.actor', true)::jsonb ->> 'email' as actor`,
    );
    expect(row).toEqual({ folded: true, actor: 'reader@example.com' });
  });

  it('sets the audit actor in the message that opens a recorded transaction, and records the write as theirs', async () => {
    const em = t.orm.em.fork();
    recordWritesAs(em, { type: 'staff', id: 41, email: 'ops@example.com', ip: null, userAgent: null, requestId: null });
    await em.transactional(async (tx) => {
      await db(tx).insertInto('client').values({ email: 'folded@example.com', name: 'Folded' }).execute();
    });
    const logged = await db(t.orm.em.fork())
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'actor_email', 'action'])
      .where('object_type', '=', 'client')
      .execute();
    expect(logged).toEqual([{ actor_type: 'staff', actor_id: 41, actor_email: 'ops@example.com', action: 'insert' }]);
  });
});
