import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { recordOutboxFailures } from '../../src/modules/outbox/outbox-state.ts';
import { sendMailLater } from '../../src/queue/jobs.ts';

// How a job that stopped retrying is recorded on the outbox rows it carried: each row with its
// own reason, only for the attempt that failed, in one statement.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

interface Row {
  id: string;
  attempt: number;
  failed_at: Date | null;
  processed_at: Date | null;
  gave_up: boolean;
  last_error: string | null;
}

async function rows(mailIds: number[]) {
  await db.orm.em.fork().transactional(async (tx) => {
    for (const mailId of mailIds) await sendMailLater(tx, { mailId });
  });
  return sql<Row>(`select id, attempt from outbox where dedupe_key in (?) order by id`, [mailIds.map((m) => `send-mail:${m}`)]);
}
const read = (ids: string[]) =>
  sql<Row>(`select id, attempt, failed_at, processed_at, gave_up, last_error from outbox where id in (?) order by id`, [ids]);

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('recording the failures of a job that carried several rows', () => {
  it("stores each row's own reason, for its own attempt only", async () => {
    const [a, b, c] = await rows([101, 102, 103]);
    await sql(`update outbox set attempt = 2 where id = ?`, [c!.id]);
    const now = new Date('2026-12-05T12:00:00Z');
    await recordOutboxFailures(
      db.orm.em.fork(),
      [
        { id: Number(a!.id), attempt: 0, reason: 'refused: 550 no such user' },
        { id: Number(b!.id), attempt: 0, reason: `451 try later\u0000${'x'.repeat(3000)}` },
        // An older attempt failing late leaves the newer one alone.
        { id: Number(c!.id), attempt: 1, reason: 'stale' },
      ],
      false,
      now,
    );
    const [ra, rb, rc] = await read([a!.id, b!.id, c!.id]);
    expect(ra).toMatchObject({ failed_at: now, processed_at: null, gave_up: false, last_error: 'refused: 550 no such user' });
    // What PostgreSQL cannot store in text (NUL) is dropped, and the reason is cut to its column.
    expect(rb!.last_error).toBe(`451 try later${'x'.repeat(2000 - '451 try later'.length)}`);
    expect(rc).toMatchObject({ failed_at: null, last_error: null });
  });

  it('closes every row for good when the failure is permanent, and never reopens a closed one', async () => {
    const [a, b] = await rows([201, 202]);
    const done = new Date('2026-12-05T11:00:00Z');
    await sql(`update outbox set processed_at = ? where id = ?`, [done, b!.id]);
    const now = new Date('2026-12-05T12:00:00Z');
    const failures = [a!, b!].map((r) => ({ id: Number(r.id), attempt: 0, reason: 'cannot be sent' }));
    await recordOutboxFailures(db.orm.em.fork(), failures, true, now);
    const [ra, rb] = await read([a!.id, b!.id]);
    expect(ra).toMatchObject({ failed_at: now, processed_at: now, gave_up: true, last_error: 'cannot be sent' });
    expect(rb).toMatchObject({ failed_at: null, processed_at: done, gave_up: false, last_error: null });
    await expect(recordOutboxFailures(db.orm.em.fork(), [], true, now)).resolves.toBeUndefined();
  });
});
