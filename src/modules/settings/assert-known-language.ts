import type { EntityManager } from '@mikro-orm/postgresql';
import { Language } from './settings.entities.ts';
import { DomainError } from '../shared/errors.ts';

export async function assertKnownLanguage(em: EntityManager, code: string, field = 'language') {
  const language = await em.findOne(Language, { code });
  if (!language) throw new DomainError(`${code} is not one of the store's languages; add it under Settings first.`, field);
  return language;
}
