import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { makePackage, seedBasics, textOf } from '../fixtures.ts';
import { Browser } from '../client/helpers.ts';

// The audit trail's page and a record's history card: filters (and junk in them), who may look,
// and client sign-ins and password changes in the trail.

let t: TestApp;
let owner: Client;
let support: Client;
let catalogId: number;
let packageId: number;

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  packageId = await makePackage(t, catalogId, 'Audited Package');
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  const res = await owner.request(`/admin/packages/${packageId}`, {
    method: 'POST',
    form: { catalogId: String(catalogId), name: 'Audited Package Renamed', slug: 'audited-package', status: 'visible' },
  });
  expect(res.status).toBe(303);
});
afterAll(() => t?.close());

describe('the audit page', () => {
  it('lists the change with who made it and what changed, filtered by record', async () => {
    const page = await textOf(await owner.get(`/admin/audit?object=package&objectId=${packageId}`));
    expect(page).toContain('<h1>Audit trail</h1>');
    expect(page).toContain('1 entry');
    expect(page).toMatch(/owner\d+@example\.com/);
    expect(page).toContain('<del>Audited Package</del>');
    expect(page).toContain('<ins>Audited Package Renamed</ins>');
    // Columns named as staff read them, the stored name on hover.
    expect(page).toContain('<dt title="name">Name</dt>');
    expect(page).toContain(`href="/admin/packages/${packageId}"`);
    // htmx asks for the results only.
    const fragment = await textOf(await owner.get(`/admin/audit?object=package&objectId=${packageId}`, { htmx: true }));
    expect(fragment).toContain('id="audit-results"');
  });

  it('shows a stored record in words, not as JSON', async () => {
    await t.orm.em
      .getConnection()
      .execute(
        `insert into audit_log (actor_type, actor_email, action, object_type, object_id, before, after) values ('staff', 'words@example.com', 'update', 'invoice', '424242', ?, ?)`,
        [
          JSON.stringify({ buyer: null, tags: [] }),
          JSON.stringify({
            buyer: { name: 'Dana Demo', email: 'dana@example.com', company: null, vatId: '', country: 'DE' },
            tags: [3, 5],
          }),
        ],
      );
    const page = await textOf(await owner.get('/admin/audit?object=invoice&objectId=424242'));
    expect(page).toContain('<ins>Name: Dana Demo, Email: dana@example.com, Country: DE</ins>');
    expect(page).toContain('<ins>3, 5</ins>');
    expect(page).not.toContain('&quot;name&quot;');
  });

  it('support may read it (and change nothing through it: it has no write routes)', async () => {
    const res = await support.get('/admin/audit');
    expect(res.status).toBe(200);
    expect(t.app.routes.filter((r) => r.path.startsWith('/admin/audit') && r.method !== 'GET')).toEqual([]);
  });

  it('answers junk filters with the message by the field, never an error page', async () => {
    const res = await owner.get(
      `/admin/audit?object=${encodeURIComponent("package'; drop table audit_log")}&actorType=robot&objectId=${encodeURIComponent('<script>')}`,
    );
    expect(res.status).toBe(422);
    const html = await textOf(res);
    for (const message of [
      'Choose a kind of record from the list.',
      'Choose staff, API or client.',
      'Enter an id (letters, digits, - _ . : @).',
    ])
      expect(html).toContain(message);
    expect(html).not.toContain('<script>');
    const range = await owner.get('/admin/audit?from=2026-12-05&to=2026-12-01');
    expect(range.status).toBe(422);
    expect(await textOf(range)).toContain('Use a date on or after the "from" date.');
    expect((await owner.get('/admin/audit?page=-1&perPage=100000')).status).toBe(422);
  });
});

describe('a record’s history card', () => {
  it('is loaded onto its page, and refuses junk', async () => {
    const page = await textOf(await owner.get(`/admin/packages/${packageId}`));
    expect(page).toContain(`hx-get="/admin/audit/history?object=package&objectId=${packageId}"`);
    const card = await textOf(await owner.get(`/admin/audit/history?object=package&objectId=${packageId}`));
    expect(card).toContain('<ins>Audited Package Renamed</ins>');
    expect((await owner.get('/admin/audit/history?object=nope!&objectId=1')).status).toBe(422);
    expect((await owner.get('/admin/audit/history')).status).toBe(200);
  });
});

describe('clients', () => {
  it('sign-ins, failed ones and password changes are in the trail', async () => {
    const b = new Browser(t);
    const email = 'audited-client@example.com';
    await b.signUp({ name: 'Audited Client', email, password: 'a long enough secret', country: 'US', currency: 'USD' });
    await b.post('/account/sign-out', {});
    await b.post('/account/sign-in', { email, password: 'not the password at all' });
    await b.signIn(email, 'a long enough secret');
    expect((await b.post('/account/password', { currentPassword: 'a long enough secret', password: 'another long secret' })).status).toBe(
      303,
    );
    const rows = await t.orm.em
      .getConnection()
      .execute<{ action: string; actor_type: string; actor_email: string; object_id: string | null }[]>(
        `select action, actor_type, actor_email, object_id from audit_log where actor_type = 'client' order by id`,
      );
    expect(rows.map((r) => r.action)).toEqual(['sign-in-failed', 'sign-in', 'password-change']);
    for (const r of rows) expect(r.actor_email).toBe(email);
    expect(rows[0]!.object_id).toBeNull();
    const page = await textOf(await owner.get(`/admin/audit?actorType=client`));
    expect(page).toContain('password-change');
  });
});
