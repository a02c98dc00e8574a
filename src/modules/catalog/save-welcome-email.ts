import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, WelcomeEmail } from './catalog.entities.ts';
import { welcomeEmailInput } from './catalog.schemas.ts';
import { assertKnownLanguage } from '../settings/assert-known-language.ts';
import { NotFound } from '../shared/errors.ts';
import { sanitizeEmailHtml } from '../shared/staff-html.ts';
import { parseInput } from '../shared/validation.ts';

/** Saves one language's welcome email; its HTML is kept as sanitized, so what staff preview is what clients get. */
export async function saveWelcomeEmail(em: EntityManager, packageId: number, raw: unknown) {
  const input = parseInput(welcomeEmailInput, raw);
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  await assertKnownLanguage(em, input.language);
  const existing = await em.findOne(WelcomeEmail, { package: packageId, language: input.language });
  const email = existing ?? em.create(WelcomeEmail, { package: pkg, language: input.language });
  em.assign(email, { subject: input.subject, html: sanitizeEmailHtml(input.html), text: input.text });
  await em.flush();
  return email;
}
