import type { PendingJob } from '../modules/outbox/relay-outbox.ts';
import { JOB } from './jobs.ts';
import { outboxJobId, REQUEST_ID_FIELD } from './outbox-job-id.ts';

/** Emails per carrying job: a few round trips to Redis and the database for fifty emails, and fifty sends at once on the SMTP pool. */
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
 * its own delay. A carrying job's id names its first row, that row's attempt, its last row and
 * how many it carries, so it is never a row's own job id. Two different sets that agree on all
 * four would share one (BullMQ keeps the first); a row the job so never carried is handed over
 * again by the sweep once that job is done (relay-outbox.ts), never closed unsent.
 */
export function handOvers(rows: readonly PendingJob[], now: number): HandOver[] {
  const own: HandOver[] = [];
  const emails = new Map<string, PendingJob[]>();
  for (const row of rows) {
    const due = !row.runAt || row.runAt.getTime() <= now;
    if (row.job === JOB.sendMail.name && due) {
      const list = emails.get(row.queue) ?? [];
      list.push(row);
      emails.set(row.queue, list);
    } else own.push(ownJob(row, now));
  }
  const carried: HandOver[] = [];
  for (const list of emails.values()) {
    list.sort((a, b) => a.id - b.id);
    for (let i = 0; i < list.length; i += MAIL_BATCH) {
      const chunk = list.slice(i, i + MAIL_BATCH);
      carried.push(chunk.length === 1 ? ownJob(chunk[0]!, now) : carryingJob(chunk));
    }
  }
  return [...carried, ...own];
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

function carryingJob(rows: PendingJob[]): HandOver {
  const first = rows[0]!;
  return {
    queue: first.queue,
    jobId: `obm-${first.id}-${first.createdAt.getTime()}-${first.attempt}-${rows.at(-1)!.id}-${rows.length}`,
    name: JOB.sendMails.name,
    data: {
      rows: rows.map((r) => ({
        outbox: r.id,
        attempt: r.attempt,
        mailId: (r.payload as { mailId: number }).mailId,
        ...(r.requestId ? { requestId: r.requestId } : {}),
      })),
    },
    rows,
    carrier: true,
  };
}

/** The rows a carrying job carries (with their attempts), or null for any other job. */
export function carriedBy(job: { name: string; data: unknown }): { outbox: number; attempt: number }[] | null {
  if (job.name !== JOB.sendMails.name) return null;
  const parsed = JOB.sendMails.payload.safeParse(job.data);
  return parsed.success ? parsed.data.rows : null;
}
