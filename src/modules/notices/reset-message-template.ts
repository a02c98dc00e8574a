import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** "Reset to default": staff's wording goes, the built-in one is sent again (for a language with none, the default language's). */
export async function resetMessageTemplate(em: EntityManager, event: string, language: string): Promise<void> {
  await db(em).deleteFrom('message_template').where('event', '=', event).where('language', '=', language).execute();
}
