import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from './clients.entities.ts';
import { confirmClientPassword } from './confirm-client-password.ts';
import { DomainError, NotFound } from '../shared/errors.ts';

/**
 * A client's own change of sign-in email needs their current password (checked and throttled
 * like a sign-in): the email is where password resets go, so a borrowed session must not be
 * able to move the account to another address. Nothing is asked when the email stays the same.
 */
export async function checkEmailChange(em: EntityManager, clientId: number, form: Record<string, unknown>, now: Date): Promise<void> {
  const client = await em.findOne(Client, { id: clientId });
  if (!client) throw new NotFound('That account');
  const typed = typeof form.email === 'string' ? form.email.trim().toLowerCase() : '';
  if (!typed || typed === client.email.toLowerCase()) return;
  const password = typeof form.currentPassword === 'string' ? form.currentPassword : '';
  if (!password) throw new DomainError('Enter your current password to change your email.', 'currentPassword');
  await confirmClientPassword(em, client, password, now);
}
