import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Client } from './clients.entities.ts';
import { billingDetailsOf, signUpInput } from './clients.schemas.ts';
import { checkPreferences } from './check-preferences.ts';
import { hashPassword } from '../auth/password.ts';
import { startSession } from '../auth/start-session.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

export const EMAIL_TAKEN = 'An account with that email already exists. Sign in, or reset your password.';

/** Creates the account and signs it in (a fresh session, dropping any the browser had). */
export async function signUpClient(em: EntityManager, raw: unknown, now: Date, previousToken?: string) {
  const input = parseInput(signUpInput, raw);
  const prefs = await checkPreferences(em, input);
  if (await em.count(Client, { email: input.email })) throw new DomainError(EMAIL_TAKEN, 'email');
  const client = em.create(Client, {
    email: input.email,
    name: input.name,
    country: input.country,
    ...billingDetailsOf(input),
    ...prefs,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
  });
  try {
    await em.flush();
  } catch (err) {
    // NOTE: two sign-ups racing for one email: the unique index decides, the loser gets the sentence.
    if (err instanceof UniqueConstraintViolationException) throw new DomainError(EMAIL_TAKEN, 'email');
    throw err;
  }
  const session = await startSession(em, { type: 'client', id: client.id }, now, previousToken);
  return { client, ...session };
}
