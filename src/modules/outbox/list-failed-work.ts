import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
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

/**
 * Background work that failed: what is waiting to be handed over again (and when), and what
 * gave up for good. Newest failure first.
 */
export async function listFailedWork(em: EntityManager, raw: unknown, opts: { retryMs: number }) {
  const q = parseInput(listFailedWorkQuery, raw ?? {});
  const rows = await db(em)
    .selectFrom('outbox as o')
    .leftJoin('mail_message as m', (j) => j.on('o.job', '=', JOB.sendMail.name).on(sql`m.id`, '=', sql`(o.payload->>'mailId')::bigint`))
    .select([
      'o.id',
      'o.queue',
      'o.job',
      'o.gave_up',
      'o.attempt',
      'o.failed_at',
      'o.last_error',
      'm.to as mail_to',
      'm.subject as mail_subject',
    ])
    .select([sql<string | null>`o.payload->>'serviceId'`.as('service_id'), sql<number>`count(*) over ()::int`.as('total')])
    .where('o.failed_at', 'is not', null)
    .where((eb) =>
      q.state === 'retrying'
        ? eb('o.processed_at', 'is', null)
        : q.state === 'gave-up'
          ? eb('o.gave_up', '=', true)
          : eb.or([eb('o.processed_at', 'is', null), eb('o.gave_up', '=', true)]),
    )
    .orderBy('o.failed_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .$narrowType<{ failed_at: Date }>()
    .execute();
  const total = rows[0]?.total ?? 0;
  const items: FailedWork[] = rows.map((r) => ({
    id: r.id,
    queue: r.queue,
    job: r.job,
    state: r.gave_up ? 'gave-up' : 'retrying',
    attempts: r.attempt + 1,
    failedAt: r.failed_at,
    retryAt: r.gave_up ? null : new Date(r.failed_at.getTime() + opts.retryMs),
    error: r.last_error ?? '',
    serviceId: r.service_id && /^\d+$/.test(r.service_id) ? Number(r.service_id) : null,
    mail: r.mail_to ? { to: r.mail_to, subject: r.mail_subject ?? '' } : null,
  }));
  return { items, total, state: q.state, page: q.page, perPage: q.perPage, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
