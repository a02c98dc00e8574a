import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Client } from './clients.entities.ts';
import { profileInput } from './clients.schemas.ts';
import { checkPreferences } from './check-preferences.ts';
import { NotFound, DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

const EMAIL_IN_USE = 'Another account already uses that email.';

/**
 * Name, email, country, currency and language; from the client's profile page, the staff
 * client page and the API. `raw` may be partial (API PATCH): missing fields keep their values.
 */
export async function updateClientProfile(em: EntityManager, clientId: number, raw: Record<string, unknown>) {
  const client = await em.findOne(Client, { id: clientId });
  if (!client) throw new NotFound('That client');
  const input = parseInput(profileInput, {
    name: client.name,
    email: client.email,
    country: client.country ?? undefined,
    currency: client.currency ?? undefined,
    language: client.language ?? undefined,
    ...raw,
  });
  const prefs = await checkPreferences(em, input);
  if (input.email !== client.email && (await em.count(Client, { email: input.email, id: { $ne: client.id } }))) {
    throw new DomainError(EMAIL_IN_USE, 'email');
  }
  em.assign(client, { name: input.name, email: input.email, country: input.country, ...prefs });
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new DomainError(EMAIL_IN_USE, 'email');
    throw err;
  }
  return client;
}
