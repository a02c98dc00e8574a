import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Package, PackageTranslation } from './catalog.entities.ts';
import { translationInput } from './catalog.schemas.ts';
import { sanitizeDescription } from '../shared/staff-html.ts';
import { assertKnownLanguage } from '../settings/assert-known-language.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Name and description for a non-default language; blank fields fall back to the default.
 * NOTE: under a lock of the package row, as its welcome email is saved, so one language saved
 * twice at once (a double click) is created once and then edited, not refused as a conflict.
 */
export async function saveTranslation(em: EntityManager, packageId: number, raw: unknown) {
  const input = parseInput(translationInput, raw);
  return em.transactional(async (tx) => {
    const pkg = await tx.findOne(Package, { id: packageId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!pkg) throw new NotFound('That package');
    const language = await assertKnownLanguage(tx, input.language);
    if (language.isDefault) {
      throw new DomainError("The default language uses the package's own name and description.", 'language');
    }
    const existing = await tx.findOne(PackageTranslation, { package: packageId, language: input.language });
    const row = existing ?? tx.create(PackageTranslation, { package: pkg, language: input.language });
    tx.assign(row, { name: input.name, description: sanitizeDescription(input.description) });
    return row;
  });
}
