import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** Empties the built-in inbox; answers how many messages it held. */
export async function clearInbox(em: EntityManager): Promise<number> {
  const result = await db(em).deleteFrom('dev_inbox_message').executeTakeFirst();
  return Number(result.numDeletedRows);
}
