import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../helpers/db.ts';
import { db } from '../../src/db/database.ts';
import { statement } from '../../src/db/statement.ts';

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => t.orm.em.fork();

beforeAll(async () => {
  t = await createTestDatabase();
  await db(em())
    .insertInto('client')
    .values(['ada', 'bob', 'cy'].map((n) => ({ email: `${n}@example.com`, name: n, country: n === 'cy' ? 'DE' : 'US' })))
    .execute();
});
afterAll(() => t.drop());

// A constant list (compiled into the statement) beside values that change per call, one of them used twice.
const byCountry = statement((q, v: { country: string; prefix: string }) =>
  q
    .selectFrom('client')
    .select(['name', sql<boolean>`starts_with(email, ${v.prefix})`.as('prefixed')])
    .where('country', 'in', ['US', 'DE'])
    .where('country', '=', v.country)
    .where((eb) => eb.or([eb('name', 'like', sql<string>`${v.prefix} || '%'`), eb('email', 'like', sql<string>`${v.prefix} || '%'`)]))
    .orderBy('name'),
);

describe('statement: built once, run with new values', () => {
  it('puts each call’s values where its fields are, and keeps the constants', async () => {
    expect(await byCountry.rows(em(), { country: 'US', prefix: 'a' })).toEqual([{ name: 'ada', prefixed: true }]);
    expect(await byCountry.rows(em(), { country: 'US', prefix: 'b' })).toEqual([{ name: 'bob', prefixed: true }]);
    expect(await byCountry.rows(em(), { country: 'DE', prefix: 'c' })).toEqual([{ name: 'cy', prefixed: true }]);
    expect(await byCountry.rows(em(), { country: 'DE', prefix: 'a' })).toEqual([]);
  });

  it('compiles to the SQL the same query built with values has', () => {
    const direct = db(em())
      .selectFrom('client')
      .select(['name', sql<boolean>`starts_with(email, ${'a'})`.as('prefixed')])
      .where('country', 'in', ['US', 'DE'])
      .where('country', '=', 'US')
      .where((eb) => eb.or([eb('name', 'like', sql<string>`${'a'} || '%'`), eb('email', 'like', sql<string>`${'a'} || '%'`)]))
      .orderBy('name')
      .compile();
    expect(byCountry.sql).toBe(direct.sql);
  });

  it('takes a list as one array parameter', async () => {
    const named = statement((q, v: { names: string[] }) =>
      q
        .selectFrom('client')
        .select('name')
        .where(sql<boolean>`name = any(${v.names}::text[])`)
        .orderBy('name'),
    );
    expect((await named.rows(em(), { names: ['cy', 'ada'] })).map((r) => r.name)).toEqual(['ada', 'cy']);
    expect(await named.rows(em(), { names: [] })).toEqual([]);
  });

  it('runs in the caller’s transaction, as a named prepared statement of its connection', async () => {
    const one = statement((q, v: { email: string }) => q.selectFrom('client').select('name').where('email', '=', v.email));
    await em()
      .transactional(async (tx) => {
        await db(tx).insertInto('client').values({ email: 'dee@example.com', name: 'dee' }).execute();
        // Not committed: only a statement on this transaction's connection sees it.
        expect(await one.rows(tx, { email: 'dee@example.com' })).toEqual([{ name: 'dee' }]);
        expect(await one.rows(em(), { email: 'dee@example.com' })).toEqual([]);
        const prepared = (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db(tx))).rows;
        expect(prepared.map((p) => p.statement)).toContain(one.sql);
        throw new Error('roll back');
      })
      .catch((err: unknown) => {
        if ((err as Error).message !== 'roll back') throw err;
      });
  });

  it('refuses a value that does not reach the SQL as a parameter', async () => {
    const branching = statement((q, v: { vip: boolean }) =>
      v.vip ? q.selectFrom('client').select('name') : q.selectFrom('client').select('email'),
    );
    await expect(branching.rows(em(), { vip: true })).rejects.toThrow('Statement value "vip" does not reach the SQL as a parameter.');
  });

  it('refuses a value changed in JavaScript before it reaches the SQL, since the change would be compiled in once', async () => {
    // The field is read and a parameter of the same name exists, but it is a copy made from the stand-in.
    const copied = statement((q, v: { name: string }) =>
      q
        .selectFrom('client')
        .select('name')
        .where('name', '=', v.name)
        .where('email', 'like', `${String(v.name)}%`),
    );
    await expect(copied.rows(em(), { name: 'ada' })).rejects.toThrow('Statement value "name" does not reach the SQL as a parameter.');
  });

  it('refuses a missing value rather than sending it as NULL', async () => {
    const one = statement((q, v: { email: string }) => q.selectFrom('client').select('name').where('email', '=', v.email));
    await expect(one.rows(em(), {} as { email: string })).rejects.toThrow('Statement value "email" is missing.');
    expect(await one.rows(em(), { email: 'ada@example.com' })).toEqual([{ name: 'ada' }]);
  });
});
