// The app over two years of seeded history (bench/seed-history.ts), as a web process runs it (with
// the change-fed cache of settings, sessions and the renewal forecast), and an owner signed in:
// what the admin home and report benches measure.
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { attachCache, ChangeCache } from '../src/db/cache.ts';
import { ChangeFeed } from '../src/db/change-feed.ts';
import { migrate, openOrm, type Orm } from '../src/db/orm.ts';
import { createStaff } from '../src/modules/staff/create-staff.ts';
import { listen } from './harness.ts';
import { seedHistory } from './seed-history.ts';
import { admin, PG_SERVER } from './support.ts';

const STAFF = { email: 'owner@example.com', password: 'bench-password-123', name: 'Bench Owner', role: 'owner' as const };

export interface HistoryApp {
  orm: Orm;
  app: Awaited<ReturnType<typeof listen>>;
  /** The signed-in owner's cookie header. */
  auth: { cookie: string };
  seedMs: number;
  /** Stops what is running (in `cleanup`), then drops the database. */
  close: () => Promise<void>;
  /** More to stop before the database goes (a baseline server). */
  cleanup: (() => Promise<unknown>)[];
}

export async function openHistoryApp(db: string, services: number): Promise<HistoryApp> {
  const url = `${PG_SERVER}/${db}`;
  await admin(`drop database if exists ${db} with (force)`);
  await admin(`create database ${db}`);
  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanup.reverse()) await c().catch((e: unknown) => console.error('cleanup:', e));
    await admin(`drop database if exists ${db} with (force)`);
  };
  try {
    // Migrated by an ORM of its own, as `npm run migrate` does before the web process starts: the
    // app's connections then open with the database's settings (jit = off).
    const migrator = await openOrm(url);
    await migrate(migrator).finally(() => migrator.close(true));
    const orm = await openOrm(url);
    cleanup.push(() => orm.close(true));
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const seedStarted = performance.now();
    await seedHistory(pool, { services }).finally(() => pool.end());
    const seedMs = performance.now() - seedStarted;
    await createStaff(orm.em.fork(), STAFF);
    const feed = new ChangeFeed(url);
    attachCache(orm.em, new ChangeCache(feed));
    await feed.start();
    cleanup.push(() => feed.stop());
    const app = await listen(createApp({ orm, config: loadConfig({ ...process.env, DATABASE_URL: url }) }).fetch);
    cleanup.push(app.close);
    const signIn = await fetch(`${app.origin}/admin/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: STAFF.email, password: STAFF.password }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => /^hb_session=([^;]+)/.exec(c)?.[0])
      .find(Boolean);
    if (!cookie) throw new Error(`Sign-in failed: HTTP ${signIn.status}.`);
    return { orm, app, auth: { cookie }, seedMs, close, cleanup };
  } catch (err) {
    await close();
    throw err;
  }
}
