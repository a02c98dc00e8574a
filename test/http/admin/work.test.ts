import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { textOf } from '../fixtures.ts';

// The staff page of background work that failed: what is waiting to be handed over again (with
// the reason and when), what gave up, and a retry that hands it over now.

let t: TestApp;
let owner: Client;
let support: Client;
let mailWork: number;
let provisionWork: number;
let doneWork: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const row = async (id: number) =>
  (
    await sql<{ attempt: number; failed_at: Date | null; enqueued_at: Date | null; processed_at: Date | null; gave_up: boolean }>(
      'select * from outbox where id = ?',
      [id],
    )
  )[0]!;

beforeAll(async () => {
  t = await makeTestApp({ OUTBOX_RETRY_MS: '300000' });
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  const [mail] = await sql<{ id: number }>(
    `insert into mail_message (dedupe_key, "to", subject, html, text, status, attempts, last_error) values ('w:1', 'ada@example.com', 'Your invoice', '<p>x</p>', 'x', 'failed', 13, 'connect ECONNREFUSED 127.0.0.1:1025') returning id`,
  );
  [{ id: mailWork }] = (await sql<{ id: number }>(
    `insert into outbox (queue, job, payload, dedupe_key, enqueued_at, attempt, failed_at, last_error)
     values ('mail', 'send-mail', ?, 'send-mail:w:1', now() - interval '2 hours', 1, '2026-12-01T10:00:00Z', 'connect ECONNREFUSED 127.0.0.1:1025') returning id`,
    [JSON.stringify({ mailId: mail!.id })],
  )) as [{ id: number }];
  [{ id: provisionWork }] = (await sql<{ id: number }>(
    `insert into outbox (queue, job, payload, dedupe_key, enqueued_at, processed_at, failed_at, last_error, gave_up)
     values ('provisioning', 'provision-service', '{"serviceId": 77}', 'provision:service:77', now(), now(), '2026-12-01T09:00:00Z', 'The endpoint refused create: 400 Bad Request.', true) returning id`,
  )) as [{ id: number }];
  [{ id: doneWork }] = (await sql<{ id: number }>(
    `insert into outbox (queue, job, payload, dedupe_key, enqueued_at, processed_at) values ('mail', 'send-mail', '{}', 'send-mail:w:2', now(), now()) returning id`,
  )) as [{ id: number }];
});
afterAll(() => t.close());

describe('background work that failed', () => {
  it('lists what is retrying and what gave up, with the reason and the next try; nothing that finished', async () => {
    const res = await owner.get('/admin/work');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('to ada@example.com: “Your invoice”');
    expect(html).toContain('connect ECONNREFUSED 127.0.0.1:1025');
    // Failed at 10:00, handed over again 5 minutes later.
    expect(html).toContain('next try 2026-12-01 10:05 UTC');
    expect(html).toContain('<a href="/admin/services/77">Service #77</a>');
    expect(html).toContain('The endpoint refused create: 400 Bad Request.');
    expect(html).toContain('Gave up');
    expect(html).toContain('handed over again 5 minutes later');
    expect(html).not.toContain(`/admin/work/${doneWork}/retry`);
    // Newest failure first.
    expect(html.indexOf('Your invoice')).toBeLessThan(html.indexOf('Service #77'));
  });

  it('filters by state, and shows everything for a junk filter or page', async () => {
    const retrying = await textOf(await owner.get('/admin/work?state=retrying'));
    expect(retrying).toContain('Your invoice');
    expect(retrying).not.toContain('Service #77');
    const gaveUp = await textOf(await owner.get('/admin/work?state=gave-up'));
    expect(gaveUp).not.toContain('Your invoice');
    expect(gaveUp).toContain('Service #77');
    for (const junk of ['/admin/work?state=everything', '/admin/work?page=-4', '/admin/work?page=abc&state[]=x']) {
      const res = await owner.get(junk);
      expect(res.status, junk).toBe(200);
      expect(await res.text(), junk).toContain('Your invoice');
    }
  });

  it('support staff may look but not retry', async () => {
    expect((await support.get('/admin/work')).status).toBe(200);
    expect(await textOf(await support.get('/admin/work'))).not.toContain('Retry now');
    const res = await support.post(`/admin/work/${mailWork}/retry`);
    expect(res.status).toBe(403);
    expect((await row(mailWork)).attempt).toBe(1);
  });

  it('retry (htmx) hands the work over now as a new attempt and swaps only the list', async () => {
    const res = await owner.post(`/admin/work/${mailWork}/retry`, { state: 'retrying' }, { htmx: true });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).not.toContain('<html');
    expect(html).toContain(`Work #${mailWork} was handed to the workers again.`);
    expect(html).not.toContain('Your invoice');
    expect(await row(mailWork)).toMatchObject({ attempt: 2, failed_at: null, enqueued_at: null, processed_at: null, gave_up: false });
  });

  it('retry without JavaScript reopens work that gave up and redirects back to the list', async () => {
    const res = await owner.post(`/admin/work/${provisionWork}/retry`, { state: 'gave-up' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/work?state=gave-up&retried=${provisionWork}`);
    expect(await row(provisionWork)).toMatchObject({ attempt: 1, failed_at: null, enqueued_at: null, processed_at: null, gave_up: false });
    expect(await textOf(await owner.get(res.headers.get('location')!))).toContain(
      `Work #${provisionWork} was handed to the workers again.`,
    );
  });

  it('refuses to retry work that is not failed (409, said on the page) or does not exist (404), changing nothing', async () => {
    const before = await row(doneWork);
    const res = await owner.post(`/admin/work/${doneWork}/retry`, {}, { htmx: true });
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('That work is no longer failed: it was retried or has finished.');
    expect(await row(doneWork)).toEqual(before);
    expect((await owner.post('/admin/work/999999/retry')).status).toBe(404);
    expect((await owner.post('/admin/work/abc/retry')).status).toBe(404);
    expect((await owner.post('/admin/work/99999999999999999999/retry')).status).toBe(404);
  });
});
