import { describe, expect, it } from 'vitest';
import type { PendingJob } from '../../../src/modules/outbox/relay-outbox.ts';
import { carriedBy, handOvers, MAIL_BATCH } from '../../../src/queue/hand-overs.ts';
import { JOB } from '../../../src/queue/jobs.ts';
import { parseOutboxJobId, REQUEST_ID_FIELD } from '../../../src/queue/outbox-job-id.ts';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const created = new Date('2026-12-05T11:59:00Z');

const row = (id: number, over: Partial<PendingJob> = {}): PendingJob => ({
  id,
  queue: 'mail',
  job: JOB.sendMail.name,
  payload: { mailId: 1000 + id },
  runAt: null,
  createdAt: created,
  attempt: 0,
  requestId: null,
  carrier: null,
  ...over,
});

describe('how claimed outbox rows are handed to the queue', () => {
  it('a lone email keeps a job of its own, under its row id, as any other work does', () => {
    const [own, other] = handOvers([row(7, { requestId: 'req-1' }), row(8, { queue: 'provisioning', job: 'provision-service' })], NOW);
    expect(own).toMatchObject({ name: 'send-mail', carrier: false, data: { mailId: 1007, [REQUEST_ID_FIELD]: 'req-1' } });
    expect(parseOutboxJobId(own!.jobId)).toEqual({ id: 7, attempt: 0 });
    expect(other).toMatchObject({ name: 'provision-service', queue: 'provisioning', carrier: false });
    expect(parseOutboxJobId(other!.jobId)).toEqual({ id: 8, attempt: 0 });
  });

  it(`emails claimed together go ${MAIL_BATCH} to a job in id order; other work and delayed rows keep their own`, () => {
    const emails = Array.from({ length: 2 * MAIL_BATCH + 20 }, (_, i) => row(500 - i, { attempt: i === 0 ? 0 : 1 }));
    const delayed = row(900, { runAt: new Date(NOW + 60_000) });
    const provision = row(901, { queue: 'provisioning', job: 'provision-service', payload: { serviceId: 3 } });
    const overs = handOvers([...emails, delayed, provision], NOW);

    const carrying = overs.filter((o) => o.carrier);
    expect(carrying.map((o) => o.rows.length)).toEqual([MAIL_BATCH, MAIL_BATCH, 20]);
    const carriedIds = carrying.flatMap((o) => o.rows.map((r) => r.id));
    expect(carriedIds).toEqual(emails.map((e) => e.id).sort((a, b) => a - b));
    for (const o of carrying) {
      expect(o.name).toBe(JOB.sendMails.name);
      expect(parseOutboxJobId(o.jobId)).toBeNull();
      // What the worker reads back is exactly what it was given, and passes the job's schema.
      expect(JOB.sendMails.payload.parse(o.data)).toEqual({
        rows: o.rows.map((r) => ({ outbox: r.id, attempt: r.attempt, mailId: 1000 + r.id })),
      });
      expect(carriedBy({ name: o.name, data: o.data })).toEqual(o.rows.map((r) => ({ outbox: r.id, attempt: r.attempt })));
    }
    expect(new Set(carrying.map((o) => o.jobId)).size).toBe(3);

    const own = overs.filter((o) => !o.carrier);
    expect(own.map((o) => o.rows[0]!.id).sort()).toEqual([900, 901]);
    expect(own.find((o) => o.rows[0]!.id === 900)!.delay).toBe(60_000);
  });

  it('a carrying job is named after its first row and every row and attempt it carries, so no other hand-over shares its id', () => {
    const first = handOvers([row(3), row(4), row(9)], NOW)[0]!;
    expect(first.jobId).toMatch(new RegExp(`^obm-3-${created.getTime()}-[0-9a-f]{20}$`));
    // The same again is the same job: BullMQ adds it once.
    expect(handOvers([row(9), row(3), row(4)], NOW)[0]!.jobId).toBe(first.jobId);
    const others = [
      [row(3, { attempt: 1 }), row(4, { attempt: 1 }), row(9, { attempt: 1 })],
      [row(3), row(4)],
      // The same first row, last row and count, another row between.
      [row(3), row(5), row(9)],
      // The same rows, one of them on another attempt.
      [row(3), row(4, { attempt: 2 }), row(9)],
    ].map((rows) => handOvers(rows, NOW)[0]!.jobId);
    expect(new Set([first.jobId, ...others]).size).toBe(5);
  });

  it('an email whose row the carrying job could not name keeps a job of its own, and fails alone', () => {
    const odd = row(5, { payload: { mailId: 'five' } });
    const overs = handOvers([row(4), odd, row(6)], NOW);
    expect(overs.find((o) => o.carrier)!.rows.map((r) => r.id)).toEqual([4, 6]);
    const own = overs.find((o) => !o.carrier)!;
    expect(own).toMatchObject({ name: 'send-mail', data: { mailId: 'five' } });
    expect(parseOutboxJobId(own.jobId)).toEqual({ id: 5, attempt: 0 });
  });

  it("passes each email's request id along, for its log lines", () => {
    const [o] = handOvers([row(1, { requestId: 'req-a' }), row(2)], NOW);
    expect((o!.data as { rows: unknown[] }).rows).toEqual([
      { outbox: 1, attempt: 0, mailId: 1001, requestId: 'req-a' },
      { outbox: 2, attempt: 0, mailId: 1002 },
    ]);
  });

  it('reads no rows from any other job, nor from a payload it cannot parse', () => {
    expect(carriedBy({ name: 'send-mail', data: { mailId: 1 } })).toBeNull();
    expect(carriedBy({ name: JOB.sendMails.name, data: { rows: 'nope' } })).toBeNull();
  });

  it('reads the rows of a carrying job whose emails its processor would refuse, so each is still recorded', () => {
    const data = {
      rows: [
        { outbox: 4, attempt: 1, mailId: 'x' },
        { outbox: 6, attempt: 0 },
      ],
    };
    expect(JOB.sendMails.payload.safeParse(data).success).toBe(false);
    expect(carriedBy({ name: JOB.sendMails.name, data })).toEqual([
      { outbox: 4, attempt: 1 },
      { outbox: 6, attempt: 0 },
    ]);
  });
});
