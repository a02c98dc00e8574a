import type { EntityManager } from '@mikro-orm/postgresql';
import { Language } from './settings.entities.ts';

export async function listLanguages(em: EntityManager) {
  const rows = await em.find(Language, {}, { orderBy: { isDefault: 'desc', code: 'asc' } });
  return rows.map((l) => ({ code: l.code, name: l.name, isDefault: l.isDefault }));
}
