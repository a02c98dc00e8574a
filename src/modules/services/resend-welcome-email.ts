import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict } from '../shared/errors.ts';
import { queueWelcomeEmail } from './queue-welcome-email.ts';
import { recordServiceEvent } from './record-service-event.ts';
import { db } from '../../db/database.ts';

/** A deliberate extra copy of the welcome email, asked for by staff. */
export async function resendWelcomeEmail(em: EntityManager, serviceId: number, actor: string, now: Date) {
  await em.transactional(async (tx) => {
    const row = await db(tx).selectFrom('service').select('status').where('id', '=', serviceId).forUpdate().executeTakeFirst();
    if (!row) throw new Conflict('That service was not found.');
    if (row.status !== 'active') throw new Conflict('Only an active service has a welcome email to send.');
    if (!(await queueWelcomeEmail(tx, serviceId, { resend: now.getTime() }))) throw new Conflict('This package has no welcome email.');
    await recordServiceEvent(tx, { serviceId, from: row.status, to: row.status, note: 'Welcome email sent again.', actor, at: now });
  });
}
