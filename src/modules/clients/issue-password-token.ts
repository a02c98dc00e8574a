import type { EntityManager } from '@mikro-orm/postgresql';
import { PasswordToken } from './clients.entities.ts';
import { renderPasswordEmail } from './rules/password-email.ts';
import { passwordLink, tokenExpiry, type TokenPurpose } from './rules/password-token.ts';
import { queueMail } from '../mail/queue-mail.ts';
import { randomToken, sha256 } from '../shared/tokens.ts';
import { clientLanguage } from './client-language.ts';

/**
 * Stores a one-use token (its hash only) and queues the email carrying the link.
 * NOTE: call it inside the transaction that makes the email needed: the token row and the mail
 * commit together, so there is never an email whose link does not work, nor a silent token.
 */
export async function issuePasswordToken(
  tx: EntityManager,
  client: { id: number; email: string; name: string },
  purpose: TokenPurpose,
  opts: { now: Date; baseUrl: string },
) {
  const token = randomToken(32);
  const row = tx.create(PasswordToken, {
    client: client.id,
    tokenHash: sha256(token),
    purpose,
    expiresAt: tokenExpiry(purpose, opts.now),
    createdAt: opts.now,
  });
  await tx.flush();
  const language = await clientLanguage(tx, client.id);
  const mail = renderPasswordEmail(purpose, { name: client.name, link: passwordLink(opts.baseUrl, token) }, language);
  await queueMail(tx, {
    to: client.email,
    ...mail,
    clientId: client.id,
    kind: `password-${purpose}`,
    dedupeKey: `password-${purpose}:${row.id}`,
    secret: token,
  });
  return row;
}
