import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { createApp } from '../../../src/app.ts';
import { createQueues } from '../../../src/queue/queues.ts';

let t: TestApp;
let redis: Redis;
let queues: ReturnType<typeof createQueues>;
const prefix = `hbboard${process.pid}`;

beforeAll(async () => {
  t = await makeTestApp();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  queues = createQueues(redis, prefix);
  // The same database and config, now with the queues the dashboard shows.
  t.app = createApp({ orm: t.orm, config: t.config, queues: Object.values(queues) });
  await queues.mail.add('send-mail', { mailId: 1 }, { jobId: 'board-check', delay: 60_000 });
});
afterAll(async () => {
  await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).then(() => q.close())));
  redis.disconnect();
  await t.close();
});

describe('the queue dashboard at /admin/queues', () => {
  it('is for signed-in staff only', async () => {
    const res = await new Client(t).get('/admin/queues');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('/admin/sign-in');
    expect((await new Client(t).get('/admin/queues/api/queues')).status).toBe(302);
  });

  it('shows every queue and its jobs to staff', async () => {
    const owner = await staffClient(t, 'owner');
    const page = await owner.get('/admin/queues');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Hostbill queues');
    // Its bundle sets inline styles; only the dashboard's pages allow them.
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    // Other pages allow no inline style but the rich text editor's own two (by hash).
    expect((await owner.get('/admin/packages')).headers.get('content-security-policy')).toMatch(
      /style-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/,
    );
    expect((await owner.get('/admin/packages')).headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const api = await owner.get('/admin/queues/api/queues?activeQueue=mail&status=delayed&page=1');
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['billing', 'inventory', 'mail', 'maintenance', 'provisioning']);
    expect(body.queues.find((q) => q.name === 'mail')!.counts.delayed).toBe(1);
  });

  it('lets support look but not act', async () => {
    const support = await staffClient(t, 'support');
    expect((await support.get('/admin/queues')).status).toBe(200);
    const res = await support.request('/admin/queues/api/queues/mail/clean/delayed', { method: 'PUT' });
    expect(res.status).toBe(403);
    expect(await queues.mail.getDelayedCount()).toBe(1);
  });
});
