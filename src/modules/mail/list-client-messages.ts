import type { EntityManager } from '@mikro-orm/postgresql';
import { listMessageRows, type ClientMessageRow } from './message-rows.ts';

export type { ClientMessageRow };

/** The emails sent (or to be sent) to a client, newest first; staff mail is never in it. */
export function listClientMessages(
  em: EntityManager,
  clientId: number,
  opts: { limit: number; offset?: number },
): Promise<ClientMessageRow[]> {
  return listMessageRows(em, { clientId }, opts);
}
