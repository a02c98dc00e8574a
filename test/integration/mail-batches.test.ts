import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { MAIL_SENDS_AT_ONCE, sendMailBatch, type CarriedMail } from '../../src/modules/mail/send-mail-batch.ts';
import { smtpTransport, type MailTransport } from '../../src/modules/mail/transport.ts';
import { JOB, sendMailLater } from '../../src/queue/jobs.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';

// Emails claimed by one relay pass go to the queue several to a job (src/queue/hand-overs.ts).
// Each is still its own outbox row: sent once, closed with its email, failing on its own.

let m: Awaited<ReturnType<typeof startMailWorker>>;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);
const opened: Queue[] = [];

/** Queues emails as a bulk send would, in one transaction, without handing them over. */
async function queueEmails(tag: string, n: number, to = (i: number) => `${tag}${i}@example.com`) {
  return m.db.orm.em.fork().transactional(async (tx) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        await queueMail(tx, {
          to: to(i),
          subject: `${tag} ${i}`,
          html: `<p>${tag} ${i}</p>`,
          text: `${tag} ${i}`,
          dedupeKey: `${tag}:${i}`,
        }),
      );
    return ids;
  });
}

/** Queues under a prefix no worker serves, so what the relay added stays to be looked at. */
function idleQueues(tag: string) {
  const queues = createQueues(m.redis, `${m.prefix}${tag}`, 200);
  opened.push(...Object.values(queues));
  return queues;
}

const outboxOf = (ids: number[]) =>
  sql<{
    id: string;
    processed_at: Date | null;
    carrier: string | null;
    failed_at: Date | null;
    last_error: string | null;
    gave_up: boolean;
  }>(`select id, processed_at, carrier, failed_at, last_error, gave_up from outbox where dedupe_key in (?) order by id`, [
    ids.map((id) => `send-mail:${id}`),
  ]);
const received = (subject: string) => m.smtp.received.filter((r) => r.subject === subject).length;

beforeAll(async () => {
  m = await startMailWorker('hbbatch');
});
afterAll(async () => {
  for (const q of opened) {
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await m.close();
});

describe('emails handed over together', () => {
  it('go several to a job, each sent once with its own outbox row closed', async () => {
    const ids = await queueEmails('bulk', 120);
    const queues = idleQueues('look');
    await createRelay(m.db.orm, queues).sweep();
    const jobs = await queues.mail.getJobs(['waiting']);
    expect(jobs.map((j) => j.name)).toEqual([JOB.sendMails.name, JOB.sendMails.name, JOB.sendMails.name]);
    expect(jobs.map((j) => (j.data as { rows: unknown[] }).rows.length).sort((a, b) => a - b)).toEqual([20, 50, 50]);
    // Each row names the job that carries it.
    const rows = await outboxOf(ids);
    expect(rows.every((r) => jobs.some((j) => j.id === r.carrier))).toBe(true);

    // The same jobs, run by the real worker: every email once, every row closed.
    await sql(`update outbox set enqueued_at = null, carrier = null where dedupe_key in (?)`, [ids.map((id) => `send-mail:${id}`)]);
    await createRelay(m.db.orm, createQueues(m.redis, m.prefix, 200)).sweep();
    await until(async () => (await outboxOf(ids)).every((r) => r.processed_at !== null), 30_000);
    for (let i = 0; i < 120; i++) expect(received(`bulk ${i}`)).toBe(1);
    const [sent] = await sql<{ n: number }>(
      `select count(*)::int as n from mail_message where id in (?) and status = 'sent' and attempts = 1`,
      [ids],
    );
    expect(sent!.n).toBe(120);
  });

  it('an email the server refuses goes on the job’s retry, alone and once; the rest go at once', async () => {
    m.smtp.failNext(2, 'stubborn@example.com');
    const ids = await queueEmails('refused', 10, (i) => (i === 4 ? 'stubborn@example.com' : `refused${i}@example.com`));
    await createRelay(m.db.orm, createQueues(m.redis, m.prefix, 200)).sweep();
    await until(async () => (await outboxOf(ids)).every((r) => r.processed_at !== null), 30_000);
    for (let i = 0; i < 10; i++) expect(received(`refused ${i}`)).toBe(1);
    const attempts = await sql<{ attempts: number }>(`select attempts from mail_message where id in (?) order by id`, [ids]);
    expect(attempts.map((a) => a.attempts)).toEqual(ids.map((_, i) => (i === 4 ? 3 : 1)));
  });

  it('an email whose row is gone fails alone and for good; the others are sent and the job completes', async () => {
    const ids = await queueEmails('gone', 4);
    await m.db.orm.em.fork().transactional((tx) => sendMailLater(tx, { mailId: 987_654 }));
    const queues = createQueues(m.redis, m.prefix, 200);
    await createRelay(m.db.orm, queues).sweep();
    await until(async () => (await outboxOf([...ids, 987_654])).every((r) => r.processed_at !== null), 30_000);
    const rows = await outboxOf([...ids, 987_654]);
    const missing = rows.find((r) => r.gave_up)!;
    expect(missing.last_error).toBe('Mail 987654 does not exist.');
    expect(rows.filter((r) => r.gave_up)).toHaveLength(1);
    for (let i = 0; i < 4; i++) expect(received(`gone ${i}`)).toBe(1);
    const carrier = await queues.mail.getJob(missing.carrier!);
    await until(async () => (await carrier!.getState()) === 'completed');
  });

  it('a job that gives up records the failure on each email still unsent, with that email’s own reason', async () => {
    const closed = await startMailWorker('hbbatchdown', { SMTP_URL: 'smtp://127.0.0.1:1', JOB_BACKOFF_MS: '1' });
    try {
      const ids = await closed.db.orm.em.fork().transactional(async (tx) => {
        const out: number[] = [];
        for (let i = 0; i < 3; i++)
          out.push(
            await queueMail(tx, { to: `down${i}@example.com`, subject: `down ${i}`, html: '<p>x</p>', text: 'x', dedupeKey: `down:${i}` }),
          );
        return out;
      });
      await createRelay(closed.db.orm, createQueues(closed.redis, closed.prefix, 1)).sweep();
      const rows = () =>
        closed.db.orm.em
          .getConnection()
          .execute<{ failed_at: Date | null; processed_at: Date | null; last_error: string | null; attempt: number }[]>(
            `select failed_at, processed_at, last_error, attempt from outbox where dedupe_key in (?)`,
            [ids.map((id) => `send-mail:${id}`)],
          );
      await until(async () => (await rows()).every((r) => r.failed_at !== null), 60_000);
      for (const r of await rows()) {
        expect(r.processed_at).toBeNull();
        expect(r.last_error).toMatch(/ECONNREFUSED/);
        expect(r.last_error).not.toMatch(/emails not sent/);
      }
    } finally {
      await closed.close();
    }
  });

  it('the sweep asks about the carrying job: one still queued is left alone, one Redis lost is handed over again', async () => {
    const ids = await queueEmails('stale', 5);
    const queues = idleQueues('stale');
    const relay = createRelay(m.db.orm, queues, { retryMs: 60_000 });
    await relay.sweep();
    const [carrier] = await queues.mail.getJobs(['waiting']);
    expect((carrier!.data as { rows: CarriedMail[] }).rows).toHaveLength(5);
    const keys = ids.map((id) => `send-mail:${id}`);
    await sql(`update outbox set enqueued_at = now() - interval '1 hour' where dedupe_key in (?)`, [keys]);
    expect(await relay.sweep()).toBe(0);
    expect(await queues.mail.getJobCounts('waiting')).toEqual({ waiting: 1 });

    await carrier!.remove();
    await sql(`update outbox set enqueued_at = now() - interval '1 hour' where dedupe_key in (?)`, [keys]);
    expect(await relay.sweep()).toBe(5);
    const again = await queues.mail.getJobs(['waiting']);
    expect(again.flatMap((j) => (j.data as { rows: CarriedMail[] }).rows.map((r) => r.outbox)).sort()).toEqual(
      (await outboxOf(ids)).map((r) => Number(r.id)).sort(),
    );
  });

  it('a row still open whose carrying job finished is handed over again, never closed unsent', async () => {
    const queues = createQueues(m.redis, m.prefix, 200);
    const carried = await queueEmails('finished', 2);
    await createRelay(m.db.orm, queues).sweep();
    await until(async () => (await outboxOf(carried)).every((r) => r.processed_at !== null), 30_000);
    const done = (await outboxOf(carried))[0]!.carrier!;
    await until(async () => (await (await queues.mail.getJob(done))!.getState()) === 'completed');
    // A row the finished job never carried, though it names it (a hand-over that went wrong midway).
    const [orphan] = await queueEmails('orphan', 1);
    await sql(`update outbox set enqueued_at = now() - interval '1 hour', carrier = ? where dedupe_key = ?`, [done, `send-mail:${orphan}`]);
    expect(await createRelay(m.db.orm, queues).sweep()).toBe(1);
    await until(async () => (await outboxOf([orphan!]))[0]!.processed_at !== null, 30_000);
    await until(() => received('orphan 0') === 1);
  });

  it('four relays racing over 400 emails hand each over exactly once', async () => {
    const ids = await queueEmails('race', 400);
    const queues = idleQueues('race');
    const counts = await Promise.all(Array.from({ length: 4 }, () => createRelay(m.db.orm, queues).sweep()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400);
    const jobs = await queues.mail.getJobs(['waiting'], 0, -1);
    const carried = jobs.flatMap((j) =>
      j.name === JOB.sendMails.name
        ? (j.data as { rows: CarriedMail[] }).rows.map((r) => r.mailId)
        : [(j.data as { mailId: number }).mailId],
    );
    expect(carried.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('two workers sending the same batch at once send each email once; run again, it sends nothing', async () => {
    const ids = await queueEmails('twice', 8);
    const rows: CarriedMail[] = (await outboxOf(ids)).map((r, i) => ({ outbox: Number(r.id), attempt: 0, mailId: ids[i]! }));
    const transport = smtpTransport(m.smtp.url);
    try {
      const run = () => sendMailBatch(() => m.db.orm.em.fork(), transport, rows, 'Hostbill <billing@localhost>');
      const [a, b] = await Promise.all([run(), run()]);
      // What one found leased by the other is left to try again, never sent by both.
      expect([...a.unsent, ...b.unsent].every((u) => u.reason.includes('being sent by another worker'))).toBe(true);
      // Each email is sent by the one that leased it.
      expect(a.sent + b.sent).toBe(8);
      await until(() => ids.every((_, i) => received(`twice ${i}`) === 1));
      expect(await run()).toEqual({ sent: 0, unsent: [] });
      for (let i = 0; i < 8; i++) expect(received(`twice ${i}`)).toBe(1);
      expect((await outboxOf(ids)).every((r) => r.processed_at !== null)).toBe(true);
    } finally {
      transport.close();
    }
  });

  it(`sends ${MAIL_SENDS_AT_ONCE} at a time, each email leased just before its own send`, async () => {
    const n = 3 * MAIL_SENDS_AT_ONCE;
    const ids = await queueEmails('paced', n);
    const rows: CarriedMail[] = (await outboxOf(ids)).map((r, i) => ({ outbox: Number(r.id), attempt: 0, mailId: ids[i]! }));
    const smtp = smtpTransport(m.smtp.url);
    let inFlight = 0;
    let peakInFlight = 0;
    let peakLeased = 0;
    // The real SMTP transport, watched: how many messages are on their way, and how many of the
    // batch's emails hold a lease while one is.
    const watched: MailTransport = {
      async send(mail) {
        peakInFlight = Math.max(peakInFlight, ++inFlight);
        const [{ leased }] = (await sql<{ leased: string }>(
          `select count(*) as leased from mail_message where id in (?) and status = 'sending'`,
          [ids],
        )) as [{ leased: string }];
        peakLeased = Math.max(peakLeased, Number(leased));
        await new Promise((resolve) => setTimeout(resolve, 20));
        try {
          return await smtp.send(mail);
        } finally {
          inFlight--;
        }
      },
      close: () => smtp.close(),
    };
    try {
      expect(await sendMailBatch(() => m.db.orm.em.fork(), watched, rows, 'Hostbill <billing@localhost>')).toEqual({ sent: n, unsent: [] });
    } finally {
      watched.close();
    }
    expect(peakInFlight).toBe(MAIL_SENDS_AT_ONCE);
    expect(peakLeased).toBeLessThanOrEqual(MAIL_SENDS_AT_ONCE);
    // Leased in turn, each at its own moment, not all at the batch's start.
    const sentAt = await sql<{ sent_at: Date }>(`select sent_at from mail_message where id in (?)`, [ids]);
    expect(new Set(sentAt.map((r) => r.sent_at.getTime())).size).toBeGreaterThan(2);
    for (let i = 0; i < n; i++) expect(received(`paced ${i}`)).toBe(1);
  });
});
