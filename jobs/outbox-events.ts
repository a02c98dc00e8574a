import { log as logger } from '../src/observability/log.ts';
import type { Worker } from 'bullmq';
import type { Orm } from '../src/db/orm.ts';
import { markOutboxDone, recordOutboxFailure, recordOutboxFailures } from '../src/modules/outbox/outbox-state.ts';
import { parseOutboxJobId } from '../src/queue/outbox-job-id.ts';
import { outboxDoneOf } from './run-job.ts';
import { carriedBy } from '../src/queue/hand-overs.ts';
import { MailsNotSent } from '../src/modules/mail/send-mail-batch.ts';

/**
 * Keeps outbox rows in step with their jobs: a finished job closes its row; a job that stopped
 * retrying records why, so staff see it, and the sweep hands transient failures over again.
 * NOTE: a best effort (the database may be the thing that is down); the sweep also asks Redis
 * about hand-overs that went quiet, so a missed event only delays a retry.
 */
export function watchOutboxJobs(worker: Worker, orm: Orm) {
  const log = (err: Error) => logger.error({ queue: worker.name, err: err.message }, "could not record a job's outcome");
  worker.on('completed', (job) => {
    const row = parseOutboxJobId(job.id);
    // NOTE: most actions close their row in their own transaction; one more UPDATE per job is
    // a statement per email for nothing.
    if (row && !outboxDoneOf.get(job)?.used) markOutboxDone(orm.em.fork(), row.id, new Date()).catch(log);
  });
  worker.on('failed', (job, err) => {
    // finishedOn is set only once BullMQ has stopped retrying the job.
    if (!job?.finishedOn) return;
    const permanent = err.name === 'UnrecoverableError';
    const row = parseOutboxJobId(job.id);
    if (row) recordOutboxFailure(orm.em.fork(), row, { reason: err.message, permanent }, new Date()).catch(log);
    // A job carrying several rows: each row still open records it (with its own email's reason).
    const carried = (carriedBy(job) ?? []).map((r) => ({
      id: r.outbox,
      attempt: r.attempt,
      reason: err instanceof MailsNotSent ? err.reasonFor(r.outbox) : err.message,
    }));
    if (carried.length) recordOutboxFailures(orm.em.fork(), carried, permanent, new Date()).catch(log);
  });
}
