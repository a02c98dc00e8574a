import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { OUTBOX_KEEP_DAYS, pruneOutbox } from '../../src/modules/outbox/prune-outbox.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.orm.em.getConnection().execute('truncate outbox restart identity');
});

const now = new Date('2026-12-06T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

interface Row {
  key: string;
  created: Date;
  processed?: Date | null;
  failed?: Date | null;
  gaveUp?: boolean;
}

/** Rows in the order given (ids grow with it), as the relay and the workers leave them. */
async function insert(rows: Row[]) {
  for (const r of rows)
    await db.orm.em
      .getConnection()
      .execute(
        `insert into outbox (queue, job, payload, dedupe_key, created_at, enqueued_at, processed_at, failed_at, gave_up) values ('mail', 'send-mail', '{}', ?, ?, ?, ?, ?, ?)`,
        [r.key, r.created, r.created, r.processed ?? null, r.failed ?? null, r.gaveUp ?? false],
      );
}

const keys = async () =>
  (await db.orm.em.getConnection().execute<{ dedupe_key: string }[]>('select dedupe_key from outbox order by id')).map((r) => r.dedupe_key);

const old = OUTBOX_KEEP_DAYS + 10;

describe('pruning the outbox', () => {
  it('deletes work done before the cutoff and keeps work failed for good, work not done, and recent work', async () => {
    const doneLongAgo = (i: number): Row => ({ key: `done:${i}`, created: daysAgo(old), processed: daysAgo(old - 1) });
    await insert([
      doneLongAgo(1),
      { key: 'gave-up', created: daysAgo(old), processed: daysAgo(old), failed: daysAgo(old), gaveUp: true },
      doneLongAgo(2),
      { key: 'never-done', created: daysAgo(old) },
      { key: 'failing', created: daysAgo(old), failed: daysAgo(old) },
      doneLongAgo(3),
      // Waited long (a delayed job), done lately: kept for its own days.
      { key: 'done-lately', created: daysAgo(old), processed: daysAgo(2) },
      ...Array.from({ length: 7 }, (_, i) => doneLongAgo(4 + i)),
      { key: 'recent', created: daysAgo(1), processed: daysAgo(1) },
    ]);
    // Three rows a statement: the walk goes on past chunks with nothing to delete and past kept rows.
    expect(await pruneOutbox(db.orm.em.fork(), now, 3)).toBe(10);
    expect(await keys()).toEqual(['gave-up', 'never-done', 'failing', 'done-lately', 'recent']);
    expect(await pruneOutbox(db.orm.em.fork(), now, 3)).toBe(0);
  });

  it('stops at the first rows created after the cutoff, and a later run deletes what was written late beyond them', async () => {
    await insert([
      ...Array.from({ length: 4 }, (_, i) => ({ key: `old:${i}`, created: daysAgo(old), processed: daysAgo(old) })),
      ...Array.from({ length: 4 }, (_, i) => ({ key: `new:${i}`, created: daysAgo(1), processed: daysAgo(1) })),
      // Done long ago, yet its id comes after the new rows (a long transaction wrote it late).
      { key: 'late', created: daysAgo(old), processed: daysAgo(old) },
    ]);
    expect(await pruneOutbox(db.orm.em.fork(), now, 2)).toBe(4);
    expect(await keys()).toEqual(['new:0', 'new:1', 'new:2', 'new:3', 'late']);
    const later = new Date(now.getTime() + OUTBOX_KEEP_DAYS * 86_400_000);
    expect(await pruneOutbox(db.orm.em.fork(), later, 2)).toBe(5);
    expect(await keys()).toEqual([]);
  });

  it('deletes each row once when several workers prune at once', async () => {
    const rows: Row[] = Array.from({ length: 300 }, (_, i) =>
      i % 10 === 0 ? { key: `keep:${i}`, created: daysAgo(old) } : { key: `done:${i}`, created: daysAgo(old), processed: daysAgo(old) },
    );
    await insert(rows);
    const removed = await Promise.all(Array.from({ length: 4 }, () => pruneOutbox(db.orm.em.fork(), now, 25)));
    expect(removed.reduce((a, b) => a + b, 0)).toBe(270);
    expect(await keys()).toEqual(rows.filter((r) => r.key.startsWith('keep:')).map((r) => r.key));
  });
});
