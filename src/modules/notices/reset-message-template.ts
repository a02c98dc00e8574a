import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { NotFound } from '../shared/errors.ts';
import { isNoticeEvent } from './rules/notice-events.ts';

/**
 * "Reset to default": staff's wording goes, the built-in one is sent again (for a language with
 * none, the default language's). A message this product does not send, or a language the store
 * does not have, is not found: there is nothing of it to reset.
 */
export async function resetMessageTemplate(em: EntityManager, event: string, language: string): Promise<void> {
  if (!isNoticeEvent(event)) throw new NotFound('That message');
  const q = db(em);
  if (!(await q.selectFrom('language').select('code').where('code', '=', language.slice(0, 10)).executeTakeFirst()))
    throw new NotFound('That language');
  await q.deleteFrom('message_template').where('event', '=', event).where('language', '=', language).execute();
}
