import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Client } from './clients.entities.ts';
import { billingDetailsOf, profileInput } from './clients.schemas.ts';
import { checkPreferences } from './check-preferences.ts';
import { NotFound, DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';

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
    company: client.company ?? undefined,
    address: client.address ?? undefined,
    vatId: client.vatId ?? undefined,
    ...raw,
  });
  const billing = billingDetailsOf(input);
  const prefs = await checkPreferences(em, input);
  if (input.email !== client.email && (await em.count(Client, { email: input.email, id: { $ne: client.id } }))) {
    throw new DomainError(EMAIL_IN_USE, 'email');
  }
  try {
    await em.transactional(async (tx) => {
      // NOTE: credit is held in the client's currency; changing it with a balance would
      // re-denominate the balance (1000 JPY becoming 1000 USD). The row lock stops a payment
      // from crediting in between.
      const q = db(tx);
      const row = await q
        .selectFrom('client')
        .select(['credit_balance', 'currency'])
        .where('id', '=', client.id)
        .forUpdate()
        .executeTakeFirst();
      if (row && (prefs.currency ?? null) !== row.currency && !/^0+(\.0+)?$/.test(row.credit_balance)) {
        throw new DomainError(
          `Your credit balance is held in ${row.currency ?? 'the default currency'}; the currency can change once it is used up.`,
          'currency',
        );
      }
      await q
        .updateTable('client')
        .set({
          name: input.name,
          email: input.email,
          country: input.country ?? null,
          currency: prefs.currency ?? null,
          language: prefs.language ?? null,
          company: billing.company,
          address: billing.address,
          vat_id: billing.vatId,
        })
        .where('id', '=', client.id)
        .execute();
    });
    em.assign(client, { name: input.name, email: input.email, country: input.country, ...prefs, ...billing });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new DomainError(EMAIL_IN_USE, 'email');
    throw err;
  }
  return client;
}
