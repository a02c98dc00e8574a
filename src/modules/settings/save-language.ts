import type { EntityManager } from '@mikro-orm/postgresql';
import { Language } from './settings.entities.ts';
import { languageInput } from './settings.schemas.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';

/**
 * Locks every language row, in one order, until the transaction ends. NOTE: which language is the
 * default is a fact about all the rows: two made the default at once would each clear the others
 * (not yet seeing the other's) and both stay the default, and one removed while it is being made
 * the default would leave none. Under this lock they run one after the other (as currencies do).
 */
async function lockLanguages(tx: EntityManager): Promise<void> {
  await db(tx).selectFrom('language').select('code').orderBy('code').forUpdate().execute();
}

export async function saveLanguage(em: EntityManager, raw: unknown) {
  const input = parseInput(languageInput, raw);
  return em.transactional(async (tx) => {
    await lockLanguages(tx);
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
    await lockLanguages(tx);
    const row = await tx.findOne(Language, { code });
    if (!row) throw new NotFound('That language');
    if (row.isDefault) throw new Conflict('The default language cannot be removed.');
    tx.remove(row);
  });
}
