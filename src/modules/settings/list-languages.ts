import type { EntityManager } from '@mikro-orm/postgresql';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';
import { Language } from './settings.entities.ts';

export async function listLanguages(em: EntityManager) {
  const rows = await em.find(Language, {}, { orderBy: { isDefault: 'desc', code: 'asc' } });
  return rows.map((l) => ({ code: l.code, name: l.name, isDefault: l.isDefault }));
}

/** The store's default language code (null before one is set): read on every client-facing page, so cached. */
export const STORE_DEFAULT_LANGUAGE_KEY = 'store-default-language';

export function storeDefaultLanguage(em: EntityManager): Promise<string | null> {
  return cached(em, STORE_DEFAULT_LANGUAGE_KEY, ['language'], async () => {
    const row = await db(em).selectFrom('language').select('code').where('is_default', '=', true).limit(1).executeTakeFirst();
    return row?.code ?? null;
  });
}
