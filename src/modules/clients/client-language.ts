import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { UiLanguage } from '../../i18n/i18n.ts';
import { pickUiLanguage } from '../../i18n/pick-language.ts';
import { storeDefaultLanguage } from '../settings/list-languages.ts';

/** The language a client whose profile says `profile` is written to (the store's default, else English, when it says none we speak). */
export async function languageFor(em: EntityManager, profile: string | null | undefined): Promise<UiLanguage> {
  return pickUiLanguage({ profile, storeDefault: await storeDefaultLanguage(em) });
}

/** The language a client is written to: their profile's, else the store's default (English when neither is spoken here). */
export async function clientLanguage(em: EntityManager, clientId: number): Promise<UiLanguage> {
  const [client, storeDefault] = await Promise.all([
    db(em).selectFrom('client').select('language').where('id', '=', clientId).executeTakeFirst(),
    storeDefaultLanguage(em),
  ]);
  return pickUiLanguage({ profile: client?.language, storeDefault });
}
