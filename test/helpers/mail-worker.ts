import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.ts';
import { startWorkers } from '../../jobs/worker.ts';
import { createTestDatabase } from './db.ts';
import { startSmtp } from './smtp.ts';

/**
 * A database of its own, an in-process SMTP server and a worker serving the mail queue under a
 * Redis prefix of its own; `close` takes all of it down and clears the prefix.
 */
export async function startMailWorker(tag: string, env: Record<string, string> = {}) {
  const prefix = `${tag}${process.pid}${Date.now().toString(36)}`;
  const db = await createTestDatabase();
  const smtp = await startSmtp();
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: db.url,
    SMTP_URL: smtp.url,
    QUEUE_PREFIX: prefix,
    JOB_BACKOFF_MS: '200',
    ...env,
  });
  const worker = await startWorkers({ orm: db.orm, config, redis, queues: ['mail'] });
  return {
    db,
    worker,
    smtp,
    redis,
    config,
    prefix,
    async close() {
      await worker.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await smtp.close();
      await db.drop();
    },
  };
}
