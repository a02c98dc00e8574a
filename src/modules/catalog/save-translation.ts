import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, PackageTranslation } from './catalog.entities.ts';
import { translationInput } from './catalog.schemas.ts';
import { sanitizeDescription } from '../shared/staff-html.ts';
import { assertKnownLanguage } from '../settings/assert-known-language.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** Name and description for a non-default language; blank fields fall back to the default. */
export async function saveTranslation(em: EntityManager, packageId: number, raw: unknown) {
  const input = parseInput(translationInput, raw);
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  const language = await assertKnownLanguage(em, input.language);
  if (language.isDefault) {
    throw new DomainError("The default language uses the package's own name and description.", 'language');
  }
  const existing = await em.findOne(PackageTranslation, { package: packageId, language: input.language });
  const row = existing ?? em.create(PackageTranslation, { package: pkg, language: input.language });
  em.assign(row, { name: input.name, description: sanitizeDescription(input.description) });
  await em.flush();
  return row;
}
