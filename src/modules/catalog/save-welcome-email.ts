import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Package, WelcomeEmail } from './catalog.entities.ts';
import { welcomeEmailInput } from './catalog.schemas.ts';
import { assertKnownLanguage } from '../settings/assert-known-language.ts';
import { NotFound } from '../shared/errors.ts';
import { sanitizeEmailHtml } from '../shared/staff-html.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Saves one language's welcome email; its HTML is kept as sanitized, so what staff preview is what clients get.
 * NOTE: under a lock of the package row, so the same email saved twice at once is created once and then edited.
 */
export async function saveWelcomeEmail(em: EntityManager, packageId: number, raw: unknown) {
  const input = parseInput(welcomeEmailInput, raw);
  return em.transactional(async (tx) => {
    const pkg = await tx.findOne(Package, { id: packageId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!pkg) throw new NotFound('That package');
    await assertKnownLanguage(tx, input.language);
    const existing = await tx.findOne(WelcomeEmail, { package: packageId, language: input.language });
    const email = existing ?? tx.create(WelcomeEmail, { package: pkg, language: input.language });
    tx.assign(email, { subject: input.subject, html: sanitizeEmailHtml(input.html), text: input.text });
    return email;
  });
}
