import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Client } from './clients.entities.ts';
import { billingDetailsOf, profileInput } from './clients.schemas.ts';
import { checkPreferences } from './check-preferences.ts';
import { issuePasswordToken } from './issue-password-token.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

const CLIENT_EXISTS = 'A client with that email already exists.';

/**
 * Staff create an account without a password; the client gets a "set your password" email
 * (a one-use link valid 7 days), queued in the same transaction as the account.
 */
export async function createClient(em: EntityManager, raw: unknown, opts: { now: Date; baseUrl: string }) {
  const input = parseInput(profileInput, raw);
  const prefs = await checkPreferences(em, input);
  if (await em.count(Client, { email: input.email })) throw new DomainError(CLIENT_EXISTS, 'email');
  try {
    return await em.transactional(async (tx) => {
      const client = tx.create(Client, {
        email: input.email,
        name: input.name,
        country: input.country,
        ...billingDetailsOf(input),
        ...prefs,
        passwordHash: null,
        createdAt: opts.now,
      });
      await tx.flush();
      await issuePasswordToken(tx, client, 'set', opts);
      return client;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new DomainError(CLIENT_EXISTS, 'email');
    throw err;
  }
}
