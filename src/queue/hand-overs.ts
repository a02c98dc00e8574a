import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PendingJob } from '../modules/outbox/relay-outbox.ts';
import { JOB } from './jobs.ts';
import { outboxJobId, REQUEST_ID_FIELD } from './outbox-job-id.ts';

/** Emails per carrying job: one job to add, take and finish in Redis for fifty emails (sent a few at a time, send-mail-batch.ts). */
export const MAIL_BATCH = 50;

/** One job to add: a row's own, or one carrying several rows (`carrier` true). */
export interface HandOver {
  queue: string;
  jobId: string;
  name: string;
  data: Record<string, unknown>;
  /** Milliseconds until it may run. */
  delay?: number;
  rows: PendingJob[];
  carrier: boolean;
}

/**
 * How one relay pass hands its claimed rows to the queue. Every row is its own job, except that
 * emails claimed together go several to a `send-mails` job: under load (a bulk send, a renewal run)
 * the queue's and the database's cost per job is then shared by fifty emails, while a lone email
 * still has a job of its own, as before. NOTE: only rows due now are carried; a delayed row keeps
 * its own delay, and a row the carrying job's schema would refuse (a payload written by another
 * version) keeps its own job, where it fails alone, with its own reason, not with fifty others.
 * A carrying job's id names its first row and a digest of every row and attempt it carries: never
 * a row's own job id, and never another set's, so BullMQ's "an id it holds is added once" keeps
 * one hand-over of one set from being doubled and nothing more.
 */
export function handOvers(rows: readonly PendingJob[], now: number): HandOver[] {
  const own: HandOver[] = [];
  const emails: Carried[] = [];
  for (const row of rows) {
    const due = !row.runAt || row.runAt.getTime() <= now;
    const entry = row.job === JOB.sendMail.name && due ? carriedEntry(row) : undefined;
    if (entry) emails.push({ row, entry });
    else own.push(ownJob(row, now));
  }
  const carrying: HandOver[] = [];
  for (const list of Map.groupBy(emails, (c) => c.row.queue).values()) {
    list.sort((a, b) => a.row.id - b.row.id);
    for (let i = 0; i < list.length; i += MAIL_BATCH) {
      const chunk = list.slice(i, i + MAIL_BATCH);
      carrying.push(chunk.length === 1 ? ownJob(chunk[0]!.row, now) : carryingJob(chunk));
    }
  }
  return [...carrying, ...own];
}

function ownJob(row: PendingJob, now: number): HandOver {
  return {
    queue: row.queue,
    jobId: outboxJobId(row),
    name: row.job,
    data: row.requestId ? { ...row.payload, [REQUEST_ID_FIELD]: row.requestId } : row.payload,
    delay: row.runAt ? Math.max(0, row.runAt.getTime() - now) : undefined,
    rows: [row],
    carrier: false,
  };
}

const carriedRow = JOB.sendMails.payload.shape.rows.element;

/** A send-mail row and its entry in a carrying job's payload. */
interface Carried {
  row: PendingJob;
  entry: z.infer<typeof carriedRow>;
}

/** The row as a carrying job names it (its attempt, its email, its request), or undefined if the job's schema would refuse it. */
const carriedEntry = (r: PendingJob) =>
  carriedRow.safeParse({
    outbox: r.id,
    attempt: r.attempt,
    mailId: (r.payload as { mailId?: unknown } | null)?.mailId,
    ...(r.requestId ? { requestId: r.requestId } : {}),
  }).data;

function carryingJob(chunk: Carried[]): HandOver {
  const rows = chunk.map((c) => c.row);
  const first = rows[0]!;
  const digest = createHash('sha1')
    .update(rows.map((r) => `${r.id}.${r.attempt}`).join(','))
    .digest('hex')
    .slice(0, 20);
  return {
    queue: first.queue,
    jobId: `obm-${first.id}-${first.createdAt.getTime()}-${digest}`,
    name: JOB.sendMails.name,
    data: { rows: chunk.map((c) => c.entry) },
    rows,
    carrier: true,
  };
}

/** What the failure handler needs of a carrying job's payload; the rest of each row may be anything. */
const carriedRows = z.object({ rows: z.array(z.object({ outbox: z.number().int().positive(), attempt: z.number().int().min(0) })).min(1) });

/**
 * The rows a carrying job carries (with their attempts), or null for any other job. NOTE: reads
 * only the rows and attempts, so a job whose payload its processor refused still has each of its
 * rows recorded as failed.
 */
export function carriedBy(job: { name: string; data: unknown }): { outbox: number; attempt: number }[] | null {
  if (job.name !== JOB.sendMails.name) return null;
  const parsed = carriedRows.safeParse(job.data);
  // NOTE: zod drops the keys the schema does not name.
  return parsed.success ? parsed.data.rows : null;
}
