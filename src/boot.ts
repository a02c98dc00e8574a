import { Redis } from 'ioredis';
import postgres from 'pg';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrate, openOrm, pendingMigrations, type Orm } from './db/orm.ts';

/** A start-up failure worth one plain sentence rather than a stack trace. */
export class StartupError extends Error {}

function where(url: string) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
}

const reason = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e.code === 'ECONNREFUSED' ? 'connection refused' : (e.code ?? e.message ?? String(err));
};

/**
 * Creates the database named in DATABASE_URL when the server is up but the database is not,
 * so the quickstart works on a fresh PostgreSQL.
 */
async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new postgres.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new StartupError(`Cannot reach PostgreSQL at ${where(url)} (${reason(err)}). Start it or set DATABASE_URL.`);
  }
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    throw new StartupError(`Cannot create the database "${name}" at ${where(url)}: ${reason(err)}.`);
  } finally {
    await client.end();
  }
}

/**
 * `migrate`: apply pending migrations (the CLI, the quickstart). `requireMigrated`: refuse to
 * start on a database that is behind (web and worker processes, which never migrate themselves:
 * several starting at once must not race to change the schema).
 */
export async function openDatabase(
  config: Config,
  opts: { migrate?: boolean; create?: boolean; requireMigrated?: boolean } = {},
): Promise<Orm> {
  if (opts.create) await ensureDatabase(config.DATABASE_URL);
  let orm: Orm;
  try {
    orm = await openOrm(config.DATABASE_URL, { debug: config.LOG_SQL === 'true' });
    await orm.em.getConnection().execute('select 1');
  } catch (err) {
    throw new StartupError(`Cannot reach PostgreSQL at ${where(config.DATABASE_URL)} (${reason(err)}). Start it or set DATABASE_URL.`);
  }
  if (opts.migrate) {
    const done = await migrate(orm);
    if (done.length) {
      console.log(`Applied ${done.length} migration(s).`);
      // Connections opened afresh start with the database's settings as the migrations left them (jit = off).
      await orm.close();
      orm = await openOrm(config.DATABASE_URL, { debug: config.LOG_SQL === 'true' });
    }
  } else if (opts.requireMigrated) {
    const pending = await pendingMigrations(orm);
    if (pending.length) {
      await orm.close();
      throw new StartupError(
        `The database is behind the code: ${pending.length} migration${pending.length === 1 ? ' is' : 's are'} pending. Run \`npm run migrate\` first.`,
      );
    }
  }
  return orm;
}

/** BullMQ needs maxRetriesPerRequest: null on connections its workers block on. */
export async function openRedis(config: Config): Promise<Redis> {
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: 5000,
    retryStrategy: (n) => Math.min(n * 200, 5000),
  });
  redis.on('error', () => {
    // Reconnection is automatic; readiness (/readyz) reports the outage.
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new StartupError(`Cannot reach Redis at ${where(config.REDIS_URL)} (${reason(err)}). Start it or set REDIS_URL.`);
  }
  return redis;
}

/** Runs an entry point; configuration and connection problems print one sentence and exit 1. */
export function runMain(main: (config: Config) => Promise<void>) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  main(config).catch((err) => {
    if (err instanceof StartupError || err instanceof ConfigError) {
      console.error(err.message);
    } else {
      console.error(err);
    }
    process.exit(1);
  });
}
