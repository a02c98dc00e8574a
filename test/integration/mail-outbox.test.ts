import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { doneById } from '../../src/modules/outbox/outbox-state.ts';
import { entry, sendMailLater } from '../../src/queue/jobs.ts';
import { OUTBOX_KEEP_DAYS, pruneOutbox } from '../../src/modules/outbox/prune-outbox.ts';
import { sendMail } from '../../src/modules/mail/send-mail.ts';
import { leaseMail } from '../../src/modules/mail/mail-lease.ts';
import nodemailer from 'nodemailer';
import { pooledUrl, smtpTransport } from '../../src/modules/mail/transport.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db as kysely } from '../../src/db/database.ts';

let m: Awaited<ReturnType<typeof startMailWorker>>;
let db: typeof m.db;
let smtp: typeof m.smtp;
let redis: typeof m.redis;
let prefix: string;

async function mailRow(key: string) {
  const [row] = await db.orm.em
    .getConnection()
    .execute<{ status: string; attempts: number }[]>('select status, attempts from mail_message where dedupe_key = ?', [key]);
  return row;
}

function queueInTransaction(key: string, to = 'ada@example.com') {
  return db.orm.em
    .fork()
    .transactional((tx) => queueMail(tx, { to, subject: `Subject ${key}`, html: `<p>${key}</p>`, text: key, dedupeKey: key }));
}

beforeAll(async () => {
  m = await startMailWorker('hbmail');
  ({ db, smtp, redis, prefix } = m);
});
afterAll(() => m.close());

describe('the SMTP transport', () => {
  it('pools connections unless the URL says not to', async () => {
    expect(new URL(pooledUrl('smtp://u:p@mail.example.com:587')).searchParams.get('pool')).toBe('true');
    expect(new URL(pooledUrl('smtps://mail.example.com?pool=false')).searchParams.get('pool')).toBe('false');
    const send = (transport: ReturnType<typeof smtpTransport>, n: number, tag: string) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          transport.send({
            messageId: `<${tag}-${i}@test>`,
            from: 'shop@example.com',
            to: `${tag}${i}@example.com`,
            subject: tag,
            html: '<p>hi</p>',
            text: 'hi',
          }),
        ),
      );
    const pooled = smtpTransport(smtp.url);
    const before = smtp.connections();
    await send(pooled, 30, 'pooled');
    expect(smtp.connections() - before).toBeLessThanOrEqual(5);
    pooled.close();
    const single = smtpTransport(`${smtp.url}?pool=false`);
    const beforeSingle = smtp.connections();
    await send(single, 6, 'single');
    expect(smtp.connections() - beforeSingle).toBe(6);
    single.close();
    expect(smtp.received.filter((m) => m.subject === 'pooled' || m.subject === 'single')).toHaveLength(36);
  });

  it('goes through the HTTP proxy the URL names', async () => {
    const connects: string[] = [];
    // A real CONNECT proxy: it opens the tunnel to where it is asked, and pipes the bytes.
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      connects.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    const mail = { from: 'shop@example.com', to: 'proxied@example.com', subject: 'proxied', html: '<p>hi</p>', text: 'hi' };
    try {
      // Pooled: one tunnel for both messages.
      const pooled = smtpTransport(`${smtp.url}?proxy=${encodeURIComponent(proxyUrl)}`);
      await pooled.send({ ...mail, messageId: '<proxied-1@test>' });
      await pooled.send({ ...mail, messageId: '<proxied-2@test>' });
      pooled.close();
      expect(connects).toEqual([`127.0.0.1:${smtp.port}`]);
      // Unpooled: a tunnel per message.
      const single = smtpTransport(`${smtp.url}?pool=false&proxy=${encodeURIComponent(proxyUrl)}`);
      await single.send({ ...mail, messageId: '<proxied-3@test>' });
      await single.send({ ...mail, messageId: '<proxied-4@test>' });
      single.close();
      expect(connects).toHaveLength(3);
    } finally {
      proxy.close();
    }
    expect(smtp.received.filter((r) => r.subject === 'proxied')).toHaveLength(4);
  });

  it('sends the message nodemailer composes, whole, to the addresses its headers name', async () => {
    const mail = {
      messageId: '<whole-1@test>',
      from: 'Shop Ltd <shop@example.com>',
      to: 'Zoë <whole@example.com>',
      subject: 'Whole ü',
      html: `<p>${'Line. '.repeat(400)}</p>\n.\n<p>a dot alone on a line</p>`,
      text: 'Hi ü\n.\nbye',
      attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') }],
    };
    const transport = smtpTransport(smtp.url);
    await transport.send(mail);
    transport.close();
    const got = smtp.received.find((m) => m.messageId === '<whole-1@test>')!;
    expect(got.to).toEqual(['whole@example.com']);
    // What nodemailer's own sendMail would have streamed, but for its random MIME boundaries.
    const streamed = (
      await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail({ ...mail, date: dateOf(got.raw) })
    ).message as Buffer;
    const boundaries = (s: string) =>
      s
        .replace(/_NmP-[0-9a-f]+-Part/g, 'boundary')
        .replace(/\r\n/g, '\n')
        .trimEnd();
    expect(boundaries(got.raw)).toBe(boundaries(streamed.toString('utf8')));
  });
});

/** The Date header of a received message, so a message composed again can carry the same one. */
function dateOf(raw: string): Date {
  return new Date(/^Date:\s*(.+)$/im.exec(raw)![1]!.trim());
}

describe('mail through the outbox', () => {
  it('sends a queued email once the relay is kicked after commit', async () => {
    const queues = createQueues(redis, prefix, 200);
    const relay = createRelay(db.orm, queues);
    await queueInTransaction('welcome:1');
    relay.kick();
    await until(() => smtp.received.some((m) => m.subject === 'Subject welcome:1'));
    await until(async () => (await mailRow('welcome:1'))?.status === 'sent');
    const [outbox] = await db.orm.em
      .getConnection()
      .execute<{ processed_at: Date | null }[]>(
        `select processed_at from outbox where dedupe_key = 'send-mail:' || (select id from mail_message where dedupe_key = 'welcome:1')`,
      );
    expect(outbox!.processed_at).not.toBeNull();
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });

  it('hands over again, and does not send again, an email whose outbox row was pruned and which is asked for again', async () => {
    const queues = createQueues(redis, prefix, 200);
    const relay = createRelay(db.orm, queues);
    const id = await queueInTransaction('pruned:1');
    relay.kick();
    await until(async () => (await mailRow('pruned:1'))?.status === 'sent');
    const outboxRows = async () =>
      (
        await db.orm.em
          .getConnection()
          .execute<{ processed_at: Date | null }[]>(`select processed_at from outbox where dedupe_key = ?`, [
            entry('sendMail', { mailId: id }).dedupeKey,
          ])
      ).map((r) => r.processed_at);
    expect(await outboxRows()).toHaveLength(1);
    // A month and more later the row is gone, and with it its key.
    expect(await pruneOutbox(db.orm.em.fork(), new Date(Date.now() + (OUTBOX_KEEP_DAYS + 1) * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await outboxRows()).toEqual([]);
    await db.orm.em.fork().transactional((tx) => sendMailLater(tx, { mailId: id }));
    relay.kick();
    await until(async () => (await outboxRows())[0] instanceof Date);
    expect(smtp.received.filter((m) => m.subject === 'Subject pruned:1')).toHaveLength(1);
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });

  it('records, with a new email, the outbox row the job catalog describes', async () => {
    const id = await queueInTransaction('shape:1');
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ queue: string; job: string; payload: unknown; dedupe_key: string }[]>(
        `select queue, job, payload, dedupe_key from outbox where payload->>'mailId' = ?`,
        [String(id)],
      );
    const expected = entry('sendMail', { mailId: id });
    expect(row).toEqual({ queue: expected.queue, job: expected.job, payload: expected.payload, dedupe_key: expected.dedupeKey });
  });

  it('records the same email once however often it is asked for', async () => {
    await Promise.all([queueInTransaction('reset:7'), queueInTransaction('reset:7'), queueInTransaction('reset:7')]);
    const [{ n }] = await db.orm.em
      .getConnection()
      .execute<[{ n: number }]>(`select count(*)::int as n from mail_message where dedupe_key = 'reset:7'`);
    expect(n).toBe(1);
    const [{ m }] = await db.orm.em
      .getConnection()
      .execute<[{ m: number }]>(
        `select count(*)::int as m from outbox where dedupe_key = 'send-mail:' || (select id from mail_message where dedupe_key = 'reset:7')`,
      );
    expect(m).toBe(1);
  });

  it('is not lost when the transaction that asked for it rolls back... it never existed', async () => {
    await expect(
      db.orm.em.fork().transactional(async (tx) => {
        await queueMail(tx, { to: 'x@example.com', subject: 'rolled back', html: '', text: '', dedupeKey: 'rolled-back' });
        throw new Error('payment failed');
      }),
    ).rejects.toThrow('payment failed');
    expect(await mailRow('rolled-back')).toBeUndefined();
  });

  it('survives an SMTP outage: retried with backoff, then delivered exactly once', async () => {
    smtp.failNext(3, 'outage@example.com');
    const before = smtp.received.length;
    await queueInTransaction('outage:1', 'outage@example.com');
    await createRelay(db.orm, createQueues(redis, prefix, 200)).sweep();
    await until(async () => (await mailRow('outage:1'))?.status === 'sent', 30_000);
    expect(smtp.received.slice(before).filter((m) => m.subject === 'Subject outage:1')).toHaveLength(1);
    expect((await mailRow('outage:1'))!.attempts).toBe(4);
  });

  it('is re-enqueued by the sweep when Redis lost the job, and still sent once', async () => {
    await queueInTransaction('lost:1');
    // Enqueued once, then Redis is flushed of this prefix before any worker ran it.
    await db.orm.em
      .getConnection()
      .execute(
        `update outbox set enqueued_at = now() - interval '1 hour' where dedupe_key = 'send-mail:' || (select id from mail_message where dedupe_key = 'lost:1')`,
      );
    const relayed = await createRelay(db.orm, createQueues(redis, prefix, 200)).sweep();
    expect(relayed).toBeGreaterThanOrEqual(1);
    await until(async () => (await mailRow('lost:1'))?.status === 'sent');
    expect(smtp.received.filter((m) => m.subject === 'Subject lost:1')).toHaveLength(1);
  });

  it('sends many emails at once, sharing statements, each exactly once with its own outbox row closed and token removed', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        await db.orm.em.fork().transactional((tx) =>
          queueMail(tx, {
            to: `many${i}@example.com`,
            subject: `Many ${i}`,
            html: `<a href="/reset/tok-${i}-secret">reset</a>`,
            text: `/reset/tok-${i}-secret`,
            dedupeKey: `many:${i}`,
            secret: i % 2 ? `tok-${i}-secret` : undefined,
          }),
        ),
      );
    }
    const outboxIds = await db.orm.em
      .getConnection()
      .execute<{ id: number; mail_id: string }[]>(`select id, payload->>'mailId' as mail_id from outbox where dedupe_key in (?)`, [
        ids.map((id) => `send-mail:${id}`),
      ]);
    const outboxOf = new Map(outboxIds.map((r) => [Number(r.mail_id), Number(r.id)]));
    const transport = smtpTransport(smtp.url);
    const now = new Date();
    // Half close their outbox row by id (as a job does), half by key (as the CLI does); one email is asked for twice.
    const results = await Promise.all(
      [...ids, ids[0]!].map((id, i) =>
        sendMail(
          db.orm.em.fork(),
          transport,
          id,
          'Hostbill <billing@localhost>',
          now,
          i % 2 ? doneById(outboxOf.get(id)!, now) : undefined,
        ),
      ),
    );
    transport.close();
    expect(results.filter((r) => r === 'sent')).toHaveLength(12);
    expect(results.at(-1)).toMatch(/^(busy|already-sent)$/);
    await until(() => ids.every((_, i) => smtp.received.some((m) => m.subject === `Many ${i}`)));
    for (let i = 0; i < 12; i++) expect(smtp.received.filter((m) => m.subject === `Many ${i}`)).toHaveLength(1);
    const rows = await db.orm.em
      .getConnection()
      .execute<{ status: string; html: string; secret: string | null; processed: boolean }[]>(
        `select m.status, m.html, m.secret, o.processed_at is not null as processed from mail_message m join outbox o on o.dedupe_key = 'send-mail:' || m.id where m.id in (?) order by m.id`,
        [ids],
      );
    expect(rows.map((r) => [r.status, r.processed, r.secret])).toEqual(ids.map(() => ['sent', true, null]));
    expect(rows.map((r) => r.html.includes('removed-once-sent'))).toEqual(ids.map((_, i) => i % 2 === 1));
  });

  // An update writes no index entry (a HOT update) when it changes no indexed column and its page
  // has room for the new version: the test below checks that no such column is indexed, and the
  // one after it that a lease finds room on its page.
  it('has no index on a column that a lease or "sent" changes', async () => {
    const changed = ['status', 'claimed_until', 'attempts', 'sent_at', 'last_error', 'smtp_response', 'html', 'text', 'secret'];
    const { rows } = await sql<{ def: string }>`
      select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'mail_message'::regclass`.execute(kysely(db.orm.em.fork()));
    expect(rows.length).toBeGreaterThan(1);
    for (const { def } of rows) for (const column of changed) expect(def, def).not.toMatch(new RegExp(`\\b${column}\\b`));
  });

  it('keeps an email on its page through its lease, in the room its fill factor left', async () => {
    // Bodies the size of a real welcome email: with pages filled to the brim at insert, each lease
    // would have to move the row to another page (and add an entry to every index). Only the
    // lease is checked: its new version fits in the half each page keeps free at insert, whatever
    // else runs. "Sent" stays on the page too once the version before it is pruned, which waits
    // for every snapshot that could see it, in any database's transactions (as on a busy CI run).
    const blocks = async (em: EntityManager) =>
      (
        await sql<{ id: string; block: number }>`
          select id, (ctid::text::point)[0]::int as block from mail_message where dedupe_key like 'page:%' order by id`.execute(kysely(em))
      ).rows;
    const stored = await db.orm.em.fork().transactional(async (tx) => {
      for (let i = 0; i < 12; i++) {
        const body = `Detail ${i}: `.padEnd(900, 'x');
        await queueMail(tx, {
          to: `page${i}@example.com`,
          subject: `Page ${i}`,
          html: `<p>${body}</p>`,
          text: body,
          dedupeKey: `page:${i}`,
        });
      }
      return blocks(tx);
    });
    const now = new Date();
    const leased = await Promise.all(stored.map((r) => leaseMail(db.orm.em.fork(), Number(r.id), now)));
    expect(leased.map((l) => l?.id)).toEqual(stored.map((r) => Number(r.id)));
    expect(new Set(stored.map((r) => r.block)).size).toBeGreaterThan(1);
    expect(await blocks(db.orm.em.fork())).toEqual(stored);
    // Sent once their leases have lapsed, so nothing is left behind for the tests after.
    const transport = smtpTransport(smtp.url);
    try {
      const later = new Date(now.getTime() + 16 * 60_000);
      const results = await Promise.all(
        stored.map((r) => sendMail(db.orm.em.fork(), transport, Number(r.id), 'Hostbill <billing@localhost>', later)),
      );
      expect(results).toEqual(stored.map(() => 'sent'));
    } finally {
      transport.close();
    }
  });

  it('sends once when two workers race for the same email', async () => {
    const id = await queueInTransaction('race:1', 'race@example.com');
    const transport = smtpTransport(smtp.url);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => sendMail(db.orm.em.fork(), transport, id, 'Hostbill <billing@localhost>', new Date())),
    );
    transport.close();
    expect(results.filter((r) => r === 'sent')).toHaveLength(1);
    expect(results.filter((r) => r !== 'sent').every((r) => r === 'busy' || r === 'already-sent')).toBe(true);
    await until(() => smtp.received.some((m) => m.to.includes('race@example.com')));
    expect(smtp.received.filter((m) => m.to.includes('race@example.com'))).toHaveLength(1);
    expect(await sendMail(db.orm.em.fork(), smtpTransport(smtp.url), id, 'x@localhost', new Date())).toBe('already-sent');
  });

  it('records the outcome of the sender holding the lease, not of one whose lease lapsed mid-send', async () => {
    const from = 'Hostbill <billing@localhost>';
    for (const [key, late] of [
      ['lapsed:fails', () => Promise.reject(new Error('Connection closed by the server'))],
      ['lapsed:sends', () => Promise.resolve('250 2.0.0 late')],
    ] as const) {
      const id = await queueInTransaction(key, `${key.replace(':', '-')}@example.com`);
      // The first sender's server stalls: its send is still open when its lease runs out.
      let release!: () => void;
      const stalled = new Promise<void>((r) => (release = r));
      const stalling = { send: () => stalled.then(late), close: () => undefined };
      const first = sendMail(db.orm.em.fork(), stalling, id, from, new Date());
      await until(async () => (await mailRow(key))?.status === 'sending');
      await db.orm.em.getConnection().execute(`update mail_message set claimed_until = now() - interval '1 second' where id = ?`, [id]);
      // A second sender takes the lapsed lease and sends.
      const second = smtpTransport(smtp.url);
      expect(await sendMail(db.orm.em.fork(), second, id, from, new Date())).toBe('sent');
      second.close();
      // Then the first one's send ends: its failure, or its success, is not recorded over the second's.
      release();
      if (key === 'lapsed:fails') await expect(first).rejects.toThrow('Connection closed');
      else expect(await first).toBe('sent');
      const [row] = await db.orm.em
        .getConnection()
        .execute<{ status: string; smtp_response: string; attempts: number }[]>(
          'select status, smtp_response, attempts from mail_message where id = ?',
          [id],
        );
      expect(row).toMatchObject({ status: 'sent', attempts: 2 });
      expect(row!.smtp_response).not.toBe('250 2.0.0 late');
      // Sent is final: a retry of the first sender's job sends nothing.
      expect(await sendMail(db.orm.em.fork(), smtpTransport(smtp.url), id, from, new Date())).toBe('already-sent');
    }
  });

  it("holds an email longer than nodemailer may take over one send, and no longer than a worker's crash should delay it", async () => {
    const id = await queueInTransaction('lease:1', 'lease@example.com');
    const now = new Date();
    expect(await leaseMail(db.orm.em.fork(), id, now)).toMatchObject({ id });
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ claimed_until: Date }[]>('select claimed_until from mail_message where id = ?', [id]);
    const heldMinutes = (row!.claimed_until.getTime() - now.getTime()) / 60_000;
    // DNS 0.5 + connecting 2 + greeting 0.5 + a quiet socket 10 (nodemailer's defaults).
    expect(heldMinutes).toBeGreaterThan(13);
    expect(heldMinutes).toBeLessThanOrEqual(15);
    // Held: no other sender takes it meanwhile.
    expect(await leaseMail(db.orm.em.fork(), id, new Date(now.getTime() + 12 * 60_000))).toBeNull();
  });
});
