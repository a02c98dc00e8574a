import { dayTag } from '../notices/tag-values.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queueServiceMessage } from './queue-service-message.ts';

/**
 * Confirms a service's cancellation (the client's, or staff's for them), in its transaction.
 * Keyed by service and by when it ends ('now' or 'end_of_term'): asking twice confirms once, and
 * cancelling now after asking for the end of the term confirms the earlier end. An end of term
 * asked for again after one was withdrawn is a new request: `at` (its moment) keys it apart.
 */
export async function queueCancellationConfirmed(
  tx: EntityManager,
  serviceId: number,
  when: 'now' | 'end_of_term',
  endDate: string,
  at?: Date,
): Promise<void> {
  const key = at ? `${serviceId}:${when}:${at.getTime()}` : `${serviceId}:${when}`;
  await queueServiceMessage(tx, serviceId, 'cancellation_confirmed', key, { 'service.end_date': dayTag(endDate) });
}
