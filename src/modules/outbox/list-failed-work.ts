import type { EntityManager } from '@mikro-orm/postgresql';
import { JOB } from '../../queue/jobs.ts';
import { parseInput } from '../shared/validation.ts';
import { listFailedWorkQuery, type FailedWorkState } from './outbox.schemas.ts';

export interface FailedWork {
  id: number;
  queue: string;
  job: string;
  state: FailedWorkState;
  /** Hand-overs so far: 1 for the first. */
  attempts: number;
  failedAt: Date;
  /** When the sweep hands it over again (retrying work only). */
  retryAt: Date | null;
  error: string;
  serviceId: number | null;
  mail: { to: string; subject: string } | null;
}

type Row = {
  id: string; queue: string; job: string; gave_up: boolean; attempt: number; failed_at: Date; last_error: string | null;
  service_id: string | null; mail_to: string | null; mail_subject: string | null; total: number;
};

const STATE_SQL: Record<string, string> = {
  all: 'o.failed_at is not null and (o.processed_at is null or o.gave_up)',
  retrying: 'o.failed_at is not null and o.processed_at is null',
  'gave-up': 'o.gave_up and o.failed_at is not null',
};

/**
 * Background work that failed: what is waiting to be handed over again (and when), and what
 * gave up for good. Newest failure first.
 */
export async function listFailedWork(em: EntityManager, raw: unknown, opts: { retryMs: number }) {
  const q = parseInput(listFailedWorkQuery, raw ?? {});
  const rows = await em.getConnection().execute<Row[]>(
    `select o.id, o.queue, o.job, o.gave_up, o.attempt, o.failed_at, o.last_error,
            o.payload->>'serviceId' as service_id, m."to" as mail_to, m.subject as mail_subject,
            count(*) over ()::int as total
       from outbox o
       left join mail_message m on o.job = ? and m.id = (o.payload->>'mailId')::bigint
      where ${STATE_SQL[q.state]}
      order by o.failed_at desc, o.id desc limit ? offset ?`,
    [JOB.sendMail.name, q.perPage, (q.page - 1) * q.perPage],
  );
  const total = rows[0]?.total ?? 0;
  const items: FailedWork[] = rows.map((r) => ({
    id: Number(r.id),
    queue: r.queue,
    job: r.job,
    state: r.gave_up ? 'gave-up' : 'retrying',
    attempts: r.attempt + 1,
    failedAt: new Date(r.failed_at),
    retryAt: r.gave_up ? null : new Date(new Date(r.failed_at).getTime() + opts.retryMs),
    error: r.last_error ?? '',
    serviceId: r.service_id && /^\d+$/.test(r.service_id) ? Number(r.service_id) : null,
    mail: r.mail_to ? { to: r.mail_to, subject: r.mail_subject ?? '' } : null,
  }));
  return { items, total, state: q.state, page: q.page, perPage: q.perPage, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
