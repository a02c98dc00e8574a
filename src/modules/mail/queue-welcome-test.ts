import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from '../catalog/catalog.entities.ts';
import { welcomeEmailFields } from '../catalog/catalog.schemas.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { previewWelcomeEmail, welcomeTagsForInstance } from './preview-welcome-email.ts';
import { queueMail } from './queue-mail.ts';

/**
 * Sends a welcome email draft (saved or not) to a staff member, filled with the sample values the
 * preview shows, through the mail outbox like every other email: what arrives is the preview.
 * NOTE: each test is its own email (a fresh dedupe key): asking twice sends twice.
 */
export async function queueWelcomeTest(
  em: EntityManager,
  packageId: number,
  to: string,
  raw: unknown,
): Promise<{ to: string; mailId: number }> {
  const draft = parseInput(welcomeEmailFields, raw);
  if (!draft.subject.trim()) throw new DomainError('Write a subject before sending a test.', 'subject');
  if (!draft.html.trim() && !draft.text.trim()) throw new DomainError('Write the HTML or the text body before sending a test.', 'html');
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  const mail = previewWelcomeEmail(draft, await welcomeTagsForInstance(em, pkg.pluginInstance?.id ?? null), {
    'package.name': pkg.name,
    'package.slug': pkg.slug,
  });
  const mailId = await em.transactional((tx) =>
    queueMail(tx, {
      to,
      subject: `[Test] ${mail.subject}`,
      html: mail.html,
      text: mail.text,
      kind: 'welcome-test',
      dedupeKey: `welcome-test:${packageId}:${randomUUID()}`,
    }),
  );
  return { to, mailId };
}
