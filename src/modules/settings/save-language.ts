import type { EntityManager } from '@mikro-orm/postgresql';
import { Language } from './settings.entities.ts';
import { languageInput } from './settings.schemas.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { lockDefaultChoice } from './lock-default-choice.ts';

export async function saveLanguage(em: EntityManager, raw: unknown) {
  const input = parseInput(languageInput, raw);
  return em.transactional(async (tx) => {
    await lockDefaultChoice(tx, 'language');
    const count = await tx.count(Language, {});
    const isDefault = input.isDefault || count === 0;
    const existing = await tx.findOne(Language, { code: input.code });
    if (!isDefault && existing?.isDefault) throw new DomainError('Choose another default language first.', 'isDefault');
    if (isDefault) await tx.nativeUpdate(Language, { isDefault: true, code: { $ne: input.code } }, { isDefault: false });
    const fields = { ...input, isDefault };
    return existing ? tx.assign(existing, fields) : tx.create(Language, fields);
  });
}

export async function removeLanguage(em: EntityManager, code: string) {
  await em.transactional(async (tx) => {
    await lockDefaultChoice(tx, 'language');
    const row = await tx.findOne(Language, { code });
    if (!row) throw new NotFound('That language');
    if (row.isDefault) throw new Conflict('The default language cannot be removed.');
    tx.remove(row);
  });
}
