import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ORIGIN, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { createStaff } from '../../../src/modules/staff/create-staff.ts';
import { createApiToken } from '../../../src/modules/staff/create-api-token.ts';
import { sweepFixtures, writeRoutesOf } from './write-routes.ts';
import { AUDITED_TABLES } from '../../../src/modules/audit/rules/audited-tables.ts';

// Every write route the app registers, found from the router itself, tried by an owner (in the
// admin and with an API token) with a plausible body: whatever a request changes in what staff
// manage, the audit trail holds an entry for it, of that table, in the same request's name.

const AUDITED = AUDITED_TABLES;

let t: TestApp;
let owner: Client;
let token: string;
let ids: Record<string, string>;
const OWNER = 'sweep-owner@example.com';
const API = 'sweep-api@example.com';
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

/** A digest of each audited table's rows (a token's last use is bookkeeping of the request, not a change). */
async function digests(): Promise<Record<string, string>> {
  const parts = AUDITED.map(
    (table) =>
      `select '${table}' as t, md5(coalesce(string_agg(md5((to_jsonb(x) - 'last_used_at')::text), '' order by md5((to_jsonb(x) - 'last_used_at')::text)), '')) as d from "${table}" x`,
  );
  const rows = await sql<{ t: string; d: string }>(parts.join(' union all '));
  return Object.fromEntries(rows.map((r) => [r.t, r.d]));
}

beforeAll(async () => {
  t = await makeTestApp();
  ids = await sweepFixtures(t);
  const [client] = await sql<{ id: number }>(
    `insert into client (email, name, currency, country) values ('swept-client@example.com', 'Swept Client', 'USD', 'US') returning id`,
  );
  ids.clientId = String(client!.id);
  await createStaff(t.em(), { email: OWNER, password: 'correct horse battery', name: 'Sweep Owner', role: 'owner' });
  owner = new Client(t);
  await owner.signIn(OWNER, 'correct horse battery');
  await createStaff(t.em(), { email: API, password: 'correct horse battery', name: 'Sweep Api', role: 'owner' });
  token = await createApiToken(t.em(), API);
});
afterAll(() => t?.close());

/** Every write route but the sign-in, sign-out and deletions (which would take the fixtures away from the rest). */
const writeRoutes = (prefix: string) =>
  writeRoutesOf(t, prefix, ids).filter((r) => !/\/(sign-in|sign-out|delete)$/.test(r.path) && r.method !== 'DELETE');

/** A body most routes accept in part: names, a catalog, a price, a currency, a client's details. */
const PLAUSIBLE = {
  name: 'Swept name',
  catalogId: '',
  description: 'Swept',
  code: 'CHF',
  rate: '1.5',
  country: 'FR',
  price: '7.00',
  type: 'recurring',
  intervalCount: '1',
  period: 'month',
  currency: 'USD',
  email: 'swept-new@example.com',
  status: 'visible',
  language: 'de',
  subject: 'Swept subject',
  html: '<p>Swept</p>',
  text: 'Swept',
  amount: '1.00',
  reason: 'Swept',
  kind: 'percent',
  percent: '10',
  duration: 'once',
  minorUnits: '2',
};

/** Runs one request and checks the invariant; returns whether it changed anything. */
async function tryRoute(label: string, send: () => Promise<Response>, email: string): Promise<boolean> {
  const before = await digests();
  const [{ last }] = (await sql<{ last: string | null }>('select max(id) as last from audit_log')) as [{ last: string | null }];
  const res = await send();
  expect(res.status, `${label}: ${res.status}`).toBeLessThan(500);
  const after = await digests();
  const changed = AUDITED.filter((table) => before[table] !== after[table]);
  if (!changed.length) return false;
  const entries = await sql<{ object_type: string; actor_email: string }>(
    'select object_type, actor_email from audit_log where id > ? order by id',
    [last ?? 0],
  );
  for (const table of changed)
    expect(
      entries.some((e) => e.object_type === table),
      `${label} changed ${table} without an audit entry`,
    ).toBe(true);
  for (const e of entries) expect(e.actor_email, label).toBe(email);
  return true;
}

describe('the audit sweep', () => {
  it('every admin write that changes something is in the audit trail, as the staff member who made it', async () => {
    let changed = 0;
    for (const r of writeRoutes('/admin')) {
      const body: Record<string, string> = { ...PLAUSIBLE, catalogId: ids.catalogId! };
      if (await tryRoute(`${r.method} ${r.path}`, () => owner.request(r.path, { method: 'POST', form: body }), OWNER)) changed++;
    }
    // The sweep did reach many real writes, not only refusals.
    expect(changed).toBeGreaterThan(10);
  }, 120_000);

  it('every API write that changes something is in the audit trail, as the token’s staff member', async () => {
    let changed = 0;
    for (const r of writeRoutes('/api/v1')) {
      const body = JSON.stringify({
        ...PLAUSIBLE,
        catalogId: Number(ids.catalogId),
        clientId: Number(ids.clientId),
        packageId: Number(ids.id),
        priceName: 'Monthly',
        intervalCount: 1,
        minorUnits: 2,
      });
      const send = async () =>
        t.app.request(`${ORIGIN}${r.path}`, {
          method: r.method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
      if (await tryRoute(`${r.method} ${r.path}`, send, API)) changed++;
    }
    expect(changed).toBeGreaterThan(5);
  }, 120_000);
});
