// Welcome-style emails per second through the whole path: queueMail in a transaction (outbox),
// the relay (BullMQ), the mail worker (lease, nodemailer) and a real SMTP server on loopback.
// Next to it, in the same run and on the same Redis: a no-op BullMQ worker (the queue's own
// ceiling) and nodemailer sending straight to the same SMTP server (the transport's ceiling).
// The mail worker is what production runs, its own process (`npm run worker -- --queues mail`,
// compiled); the producers, the relay and the SMTP server are in this one, as a web process and
// a mail server would be. BENCH_MAIL_WORKER=inprocess runs the worker in this process instead.
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startWorkers } from '../jobs/worker.ts';
import { loadConfig } from '../src/config.ts';
import { migrate, openOrm, type Orm } from '../src/db/orm.ts';
import { queueMail, type MailInput } from '../src/modules/mail/queue-mail.ts';
import { smtpTransport } from '../src/modules/mail/transport.ts';
import { createQueues } from '../src/queue/queues.ts';
import { createRelay } from '../src/queue/relay.ts';
import { report, type BenchReport, type Measured } from './harness.ts';
import { startCapture } from './smtp-capture.ts';
import { admin, intEnv, measured, median, PG_SERVER, until } from './support.ts';
import { cpuPer, cpuUseOf, type CpuUse } from './cpu-use.ts';
import { buildDist, idleRssMb, productionEnv, scriptArgs, spawnNode, type Spawned } from './processes.ts';

const DB = 'hostbill_bench_jobs';
const DB_URL = `${PG_SERVER}/${DB}`;
// 3,000 a round: with 1,000 a round lasted about a second, much of it the pool and the JIT warming up.
const EMAILS = intEnv('BENCH_EMAILS', 3000, 10, 100_000);
const ROUNDS = intEnv('BENCH_ROUNDS', 3, 1, 50);
const CONCURRENCY = 10; // WORKER_CONCURRENCY of the mail worker; the same for both baselines
const BATCH = 50; // emails queued per transaction (a payment queues a few; a bulk send many)
const PRODUCERS = CONCURRENCY; // transactions queueing at once, as concurrent requests and jobs do
const IN_PROCESS = process.env.BENCH_MAIL_WORKER === 'inprocess';
// One unreported round of the full size per path, as the checkout bench does. NOTE: the mail
// worker is a process of its own, started fresh: after a warm-up of 100 its first two rounds
// still ran code V8 had not optimised yet (of six rounds: 1,160 and 1,371 emails/s, then
// 1,535-1,599), so the median of three measured a worker still warming up.
const WARMUP = intEnv('BENCH_WARMUP', EMAILS, 10, 100_000);
const ROUND_TIMEOUT_MS = 30_000 + EMAILS * 20;
const NOOP_QUEUE = 'bench-noop';
// smtp-server waits 100 ms before its greeting (early-talker check) on every connection, so one
// connection per message would time that sleep. By default both SMTP paths therefore use the same
// nodemailer pool (SMTP_URL ...?pool=true&maxConnections=N, an operator setting); BENCH_SMTP_POOL=0
// measures the plain URL, one connection per message.
const SMTP_POOL = intEnv('BENCH_SMTP_POOL', 1, 0, 1) === 1;

const MAIL = 'outbox -> queue -> worker -> SMTP';
const NOOP = 'no-op BullMQ worker (addBulk)';
const SMTP = 'nodemailer -> SMTP, direct';

interface Round {
  wallMs: number;
  latencies: number[];
  duplicates: number;
  failed: number;
}

/** A welcome email of realistic size: a few KB of HTML plus its text part. */
function mailFor(tag: string, i: number): MailInput {
  const name = `Client ${i}`;
  const rows = Array.from({ length: 12 }, (_, k) => `<tr><td>Detail ${k + 1}</td><td>value-${tag}-${i}-${k}</td></tr>`).join('');
  return {
    to: `client${i}@example.com`,
    subject: `Welcome, ${name}: your service is ready`,
    html: `<!doctype html><html><body><h1>Welcome, ${name}</h1><p>Your service has been set up. Details below.</p><table>${rows}</table><p>Thanks for choosing us.</p></body></html>`,
    text: `Welcome, ${name}\n\nYour service has been set up.\n${Array.from({ length: 12 }, (_, k) => `Detail ${k + 1}: value-${tag}-${i}-${k}`).join('\n')}\n`,
    dedupeKey: `bench:${tag}:${i}`,
  };
}

export async function jobsBench(): Promise<BenchReport> {
  await admin(`drop database if exists ${DB} with (force)`);
  await admin(`create database ${DB}`);
  const prefix = `hbbench-${process.pid}-${Date.now().toString(36)}`;
  const cleanup: (() => Promise<unknown>)[] = [];
  const redisUrl = loadConfig().REDIS_URL;
  // Two connections and two ORMs, as the web and worker processes would have.
  const webRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const workerRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    // Everything under our prefix goes at the end, whatever happened before.
    cleanup.push(async () => {
      for (const r of [webRedis, workerRedis]) await r.quit().catch(() => r.disconnect());
    });
    cleanup.push(async () => {
      let n = 0;
      for await (const keys of webRedis.scanStream({ match: `${prefix}:*`, count: 500 })) {
        const batch = keys as string[];
        if (batch.length) n += await webRedis.del(...batch);
      }
      return n;
    });
    const webOrm: Orm = await openOrm(DB_URL);
    cleanup.push(() => webOrm.close(true));
    await migrate(webOrm);
    const workerOrm: Orm = await openOrm(DB_URL);
    cleanup.push(() => workerOrm.close(true));
    const capture = await startCapture();
    cleanup.push(capture.close);

    const smtpUrl = SMTP_POOL ? `${capture.url}/?pool=true&maxConnections=${CONCURRENCY}` : capture.url;
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: DB_URL,
      SMTP_URL: smtpUrl,
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: String(CONCURRENCY),
    });

    // Producers (web side): queues and the relay the app's write middleware kicks after commit.
    const queues = createQueues(webRedis, prefix, config.JOB_BACKOFF_MS);
    const relay = createRelay(webOrm, queues);
    cleanup.push(async () => {
      await relay.idle();
      for (const q of Object.values(queues)) {
        await q.obliterate({ force: true });
        await q.close();
      }
    });

    // The real mail worker: the compiled worker process, serving the mail queue (or, on request, in this process).
    let worker: Spawned | undefined;
    let workerIdle: number | undefined;
    if (IN_PROCESS) {
      const running = await startWorkers({ orm: workerOrm, config, redis: workerRedis, queues: ['mail'] });
      cleanup.push(async () => {
        await running.close();
        // startWorkers hands each Worker a duplicate of our connection; a shared connection is not closed by close().
        for (const w of running.workers) await w.disconnect().catch(() => undefined);
      });
      for (const w of running.workers) await w.waitUntilReady();
    } else {
      buildDist();
      const env = {
        ...(await productionEnv(DB_URL, 'jobs')),
        QUEUE_PREFIX: prefix,
        SMTP_URL: smtpUrl,
        WORKER_CONCURRENCY: String(CONCURRENCY),
      };
      worker = await spawnNode([...(await scriptArgs('worker')), '--queues', 'mail'], env, /Worker serving/);
      const spawned = worker;
      cleanup.push(() => spawned.stop());
      workerIdle = await idleRssMb(worker);
    }

    // The no-op baseline: same Redis, same prefix, same concurrency, a processor that does nothing.
    const noopQueue = new Queue(NOOP_QUEUE, {
      connection: webRedis,
      prefix,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
    });
    const noopConn = workerRedis.duplicate();
    const noopWorker = new Worker(NOOP_QUEUE, () => Promise.resolve(), { connection: noopConn, prefix, concurrency: CONCURRENCY });
    cleanup.push(async () => {
      await noopWorker.close();
      noopConn.disconnect();
      await noopQueue.obliterate({ force: true });
      await noopQueue.close();
    });
    let noopDone = 0;
    let noopFailed = 0;
    let noopLatencies: number[] = [];
    noopWorker.on('completed', (job: Job) => {
      noopDone++;
      noopLatencies.push((job.finishedOn ?? Date.now()) - job.timestamp);
    });
    noopWorker.on('failed', () => noopFailed++);
    await noopWorker.waitUntilReady();

    const sql = <T>(q: string, p: unknown[] = []) => webOrm.em.getConnection().execute<T[]>(q, p);
    const queueEmpty = async (q: Queue) => {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(c).every((v) => v === 0);
    };

    const noopRound = async (n: number): Promise<Round> => {
      noopDone = 0;
      noopLatencies = [];
      const failedBefore = noopFailed;
      const t0 = performance.now();
      await noopQueue.addBulk(Array.from({ length: n }, (_, i) => ({ name: 'noop', data: { i } })));
      await until(() => noopDone + (noopFailed - failedBefore) >= n, ROUND_TIMEOUT_MS, `${n} no-op jobs`);
      const wallMs = performance.now() - t0;
      await until(() => queueEmpty(noopQueue), 10_000, 'the no-op queue to drain', 10);
      return { wallMs, latencies: noopLatencies, duplicates: Math.max(0, noopDone - n), failed: noopFailed - failedBefore };
    };

    const smtpRound = async (tag: string, n: number): Promise<Round> => {
      capture.reset();
      const transport = smtpTransport(smtpUrl); // what the worker builds from SMTP_URL
      const latencies: number[] = [];
      let failed = 0;
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < n) {
            const i = next++;
            const m = mailFor(tag, i);
            const s = performance.now();
            try {
              await transport.send({
                messageId: `<smtp-${tag}-${i}@bench>`,
                from: config.MAIL_FROM,
                to: m.to,
                subject: m.subject,
                html: m.html,
                text: m.text,
              });
              latencies.push(performance.now() - s);
            } catch (err) {
              if (!failed) console.error(`  smtp send failed: ${(err as Error).message}`);
              failed++;
            }
          }
        }),
      );
      const wallMs = performance.now() - t0;
      transport.close();
      return {
        wallMs,
        latencies,
        duplicates: capture.received - capture.firstSeen.size,
        failed: failed + (n - failed - capture.firstSeen.size),
      };
    };

    const mailRound = async (tag: string, n: number): Promise<Round> => {
      capture.reset();
      const committedAt = new Map<string, number>(); // Message-ID the worker will use -> commit time
      const t0 = performance.now();
      let nextBatch = 0;
      await Promise.all(
        Array.from({ length: PRODUCERS }, async () => {
          for (let start = nextBatch; start < n; start = nextBatch) {
            nextBatch += BATCH;
            const ids = await webOrm.em.fork().transactional(async (tx) => {
              const out: number[] = [];
              for (let i = start; i < Math.min(n, start + BATCH); i++) out.push(await queueMail(tx, mailFor(tag, i)));
              return out;
            });
            const at = performance.now();
            for (const id of ids) committedAt.set(`<mail-${id}@hostbill>`, at);
            relay.kick(); // what the app does after each write request
          }
        }),
      );
      await until(() => capture.firstSeen.size >= n, ROUND_TIMEOUT_MS, `${n} emails at the SMTP capture (${tag})`);
      const sent = async () =>
        (
          await sql<{ n: number }>(`select count(*)::int as n from mail_message where dedupe_key like ? and status = 'sent'`, [
            `bench:${tag}:%`,
          ])
        )[0]!.n === n;
      await until(sent, ROUND_TIMEOUT_MS, `every mail_message row of ${tag} to be 'sent'`, 10);
      const wallMs = performance.now() - t0;
      // Settle before counting duplicates: nothing left in the queue, the relays idle.
      await until(() => queueEmpty(queues.mail), 10_000, 'the mail queue to drain', 10);
      await relay.idle();
      const latencies = [...capture.firstSeen].flatMap(([id, at]) => {
        const c = committedAt.get(id);
        return c === undefined ? [] : [at - c];
      });
      const [left] = await sql<{ unsent: number; unprocessed: number; retried: number }>(
        `select (select count(*) from mail_message where dedupe_key like ? and status <> 'sent')::int as unsent,
                (select count(*) from outbox where dedupe_key like ? and processed_at is null)::int as unprocessed,
                (select coalesce(sum(attempts - 1), 0) from mail_message where dedupe_key like ?)::int as retried`,
        [`bench:${tag}:%`, `send-mail:bench:${tag}:%`, `bench:${tag}:%`],
      );
      return {
        wallMs,
        latencies,
        duplicates: capture.received - n,
        // Sending attempts beyond the first, emails that never arrived under their own id, rows not 'sent' or not processed.
        failed: left!.retried + (n - latencies.length) + left!.unsent + left!.unprocessed,
      };
    };

    // Unreported warm-up of each path (JIT, connections, prepared scripts); it must come out right.
    for (const [what, w] of [
      ['no-op', await noopRound(WARMUP)],
      ['smtp', await smtpRound('warm-smtp', WARMUP)],
      ['mail', await mailRound('warm', WARMUP)],
    ] as const) {
      if (w.failed || w.duplicates) throw new Error(`Pre-flight ${what} round: ${w.failed} failed, ${w.duplicates} duplicates.`);
    }

    const rounds: Record<string, Round[]> = { [NOOP]: [], [SMTP]: [], [MAIL]: [] };
    // Where each email's CPU goes, by process: this one (producers, relay, SMTP server, direct senders), the worker, PostgreSQL, Redis.
    const labels = new Map<number, string>([
      [process.pid, 'bench process'],
      ...(worker ? [[worker.child.pid!, 'mail worker'] as const] : []),
    ]);
    const cpu: Record<'smtp' | 'mail', CpuUse[]> = { smtp: [], mail: [] };
    // WAL written during each mail round: every row version and index entry an email costs is
    // written there first. NOTE: the whole server's, so anything else running on it counts, and so
    // does the full page image of each page's first change after a checkpoint: read per round.
    const walLsn = async () => (await sql<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'))[0]!.lsn;
    const walPerEmail: number[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const noop = await noopRound(EMAILS);
      const { value: smtp, cpu: smtpCpu } = await cpuUseOf(labels, () => smtpRound(`smtp${i}`, EMAILS));
      const walBefore = await walLsn();
      const { value: mail, cpu: mailCpu } = await cpuUseOf(labels, () => mailRound(`r${i}`, EMAILS));
      const walBytes = (await sql<{ n: string }>('select pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::text as n', [walBefore]))[0]!.n;
      walPerEmail.push(Number(walBytes) / EMAILS);
      cpu.smtp.push(smtpCpu);
      cpu.mail.push(mailCpu);
      rounds[NOOP]!.push(noop);
      rounds[SMTP]!.push(smtp);
      rounds[MAIL]!.push(mail);
      const rate = (r: Round) => Math.round((EMAILS / r.wallMs) * 1000);
      console.log(`  round ${i}/${ROUNDS}: no-op ${rate(noop)} jobs/s, smtp ${rate(smtp)} msg/s, mail ${rate(mail)} emails/s`);
    }

    const paths: Record<string, string> = { [NOOP]: `queue ${NOOP_QUEUE}`, [SMTP]: capture.url, [MAIL]: `queue mail -> ${capture.url}` };
    const rows: Measured[] = [NOOP, SMTP, MAIL].map((label) => {
      const rs = rounds[label]!;
      const m = measured(label, paths[label]!, rs, {
        non2xx: rs.reduce((s, r) => s + r.failed, 0),
        errors: rs.reduce((s, r) => s + r.duplicates, 0),
        timeouts: 0,
      });
      return Object.assign(m, {
        duplicates: rs.reduce((s, r) => s + r.duplicates, 0),
        rounds: rs.map((r) => ({
          wallMs: +r.wallMs.toFixed(1),
          perSec: +((EMAILS / r.wallMs) * 1000).toFixed(1),
          duplicates: r.duplicates,
          failed: r.failed,
        })),
      });
    });
    const [noop, smtp, mail] = rows as [Measured, Measured, Measured];
    const workerAfter = worker ? await worker.rssMb() : undefined;
    const walls = (label: string) => rounds[label]!.map((r) => r.wallMs.toFixed(0)).join('/');
    const rep = report(
      'jobs',
      rows,
      [
        { key: 'noop', label: NOOP },
        { key: 'smtp', label: SMTP },
      ],
      [
        `${ROUNDS} rounds x ${EMAILS} per target (BENCH_ROUNDS, BENCH_EMAILS), interleaved; one unreported warm-up of ${WARMUP} each; concurrency ${CONCURRENCY} everywhere (WORKER_CONCURRENCY, no-op worker, senders).`,
        `emails/s / no-op jobs/s = ${(mail.rps / noop.rps).toFixed(3)} (${mail.rps.toFixed(0)} / ${noop.rps.toFixed(0)}); emails/s / SMTP-only msg/s = ${(mail.rps / smtp.rps).toFixed(3)} (${mail.rps.toFixed(0)} / ${smtp.rps.toFixed(0)}).`,
        `mail: timed from the first queueMail transaction (batches of ${BATCH}, ${PRODUCERS} transactions at once, relay kicked after each commit) until the capture holds all ${EMAILS} and every mail_message row is 'sent'; latency = batch commit -> arrival at the SMTP server.`,
        `no-op: addBulk of ${EMAILS} until all completed; latency = job timestamp -> finishedOn (ms resolution). SMTP: the worker's transport from ${CONCURRENCY} senders; latency = one send.`,
        SMTP_POOL
          ? `both SMTP paths use SMTP_URL ${smtpUrl.replace(/^smtp:\/\/[^/]+/, 'smtp://capture')} (nodemailer pool): smtp-server sleeps 100 ms before greeting each new connection; BENCH_SMTP_POOL=0 for one connection per message.`
          : `both SMTP paths use the plain SMTP_URL (one connection per message), so each message includes smtp-server's 100 ms pre-greeting sleep.`,
        `wall per round (ms): mail ${walls(MAIL)} (median ${median(rounds[MAIL]!.map((r) => r.wallMs)).toFixed(0)}); no-op ${walls(NOOP)}; smtp ${walls(SMTP)}.`,
        `non-2xx = failed jobs / sends / emails not delivered or not marked sent; errors = duplicates (messages captured - emails queued), must be 0.`,
        IN_PROCESS
          ? `everything in this process (BENCH_MAIL_WORKER=inprocess) on ${availableParallelism()} CPU(s) with PostgreSQL and Redis: producer ORM and worker ORM (pool 10 each), SMTP server, workers; queue prefix ${prefix}, obliterated afterwards.`
          : `the mail worker is its own process (compiled, NODE_ENV=production, --queues mail); producers, relay, SMTP server, no-op worker and direct senders are in this one; ${availableParallelism()} CPU(s) shared with PostgreSQL and Redis; queue prefix ${prefix}, obliterated afterwards.`,
        ...(worker ? [`RSS mail worker: ${workerIdle} MB idle, ${workerAfter} MB after the rounds.`] : []),
        `CPU ms per email, mail rounds: ${cpuPer(cpu.mail, ROUNDS * EMAILS, ['mail worker', 'bench process', 'postgres', 'redis-server'])}.`,
        `WAL per email, each mail round (the whole server's, full page images after a checkpoint included): ${walPerEmail.map((b) => (b / 1024).toFixed(1)).join('/')} KB.`,
        `CPU ms per message, direct SMTP rounds: ${cpuPer(cpu.smtp, ROUNDS * EMAILS, ['bench process'])}.`,
      ],
    );
    return {
      ...rep,
      connections: CONCURRENCY,
      seconds: Math.max(1, Math.round(rounds[MAIL]!.reduce((s, r) => s + r.wallMs, 0) / 1000)),
      ...(worker ? { memory: { workerIdleMb: workerIdle, workerAfterMb: workerAfter } } : {}),
    };
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch((e: unknown) => console.error('cleanup:', e));
    await admin(`drop database if exists ${DB} with (force)`);
  }
}
