/**
 * The BullMQ job id of one hand-over of an outbox row: its id and creation time, plus the
 * attempt after the first. BullMQ ignores a second add of an id it still holds, so a hand-over
 * is never doubled, while a new attempt gets past a failed job BullMQ keeps.
 * NOTE: the creation time keeps a database restored or reset under the same Redis from
 * colliding with jobs left from the old one. No ':' (BullMQ refuses it).
 */
export function outboxJobId(row: { id: number; createdAt: Date; attempt: number }): string {
  const base = `ob-${row.id}-${row.createdAt.getTime()}`;
  return row.attempt > 0 ? `${base}-${row.attempt}` : base;
}

/** The outbox row and attempt a job id names, or null for a job that came from elsewhere. */
export function parseOutboxJobId(jobId: string | undefined): { id: number; attempt: number } | null {
  const m = /^ob-(\d+)-\d+(?:-(\d+))?$/.exec(jobId ?? '');
  return m ? { id: Number(m[1]), attempt: m[2] ? Number(m[2]) : 0 } : null;
}

/** Where a job's data carries the id of the request that caused it (never part of its payload). */
export const REQUEST_ID_FIELD = '_requestId';
