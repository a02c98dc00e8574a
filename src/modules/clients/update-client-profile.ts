import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Client } from './clients.entities.ts';
import { billingDetailsOf, profileInput } from './clients.schemas.ts';
import { checkPreferences } from './check-preferences.ts';
import { otherBilledCurrency } from './billed-currency.ts';
import { NotFound, DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';

const EMAIL_IN_USE = 'Another account already uses that email.';

/**
 * Name, email, country, currency and language; from the client's profile page, the staff
 * client page and the API. `raw` may be partial (API PATCH): missing fields keep their values.
 * NOTE: the stored values the missing fields keep are read under the client's row lock, so a
 * partial update (a CRM setting only the company) never writes back an email, VAT ID or currency
 * that another change committed while it ran.
 */
export async function updateClientProfile(em: EntityManager, clientId: number, raw: Record<string, unknown>) {
  const changed = await em
    .transactional(async (tx) => {
      const q = db(tx);
      const row = await q
        .selectFrom('client')
        .select(['name', 'email', 'country', 'currency', 'language', 'company', 'address', 'vat_id', 'credit_balance'])
        .where('id', '=', clientId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new NotFound('That client');
      const { credit_balance: balance, vat_id: vatId, ...rest } = row;
      // What is stored stands for each field left out; a blank (null) one is left out too.
      const stored = Object.fromEntries(Object.entries({ ...rest, vatId }).filter(([, v]) => v !== null));
      const input = parseInput(profileInput, { ...stored, ...raw });
      const billing = billingDetailsOf(input);
      const prefs = await checkPreferences(tx, input);
      if (input.email !== row.email && (await tx.count(Client, { email: input.email, id: { $ne: clientId } }))) {
        throw new DomainError(EMAIL_IN_USE, 'email');
      }
      // NOTE: credit is held in the client's currency; changing it with a balance would
      // re-denominate the balance (1000 JPY becoming 1000 USD). The row lock stops a payment
      // from crediting in between.
      if ((prefs.currency ?? null) !== row.currency && !/^0+(\.0+)?$/.test(balance)) {
        throw new DomainError(
          `Your credit balance is held in ${row.currency ?? 'the default currency'}; the currency can change once it is used up.`,
          'currency',
        );
      }
      // NOTE: and while a service renews (or an invoice waits) in another currency: credit it
      // gives back (a downgrade, a refund) would land in the new one and pay none of its invoices.
      const billedIn = prefs.currency && prefs.currency !== row.currency ? await otherBilledCurrency(tx, clientId, prefs.currency) : null;
      if (billedIn) {
        throw new DomainError(
          `Your services or unpaid invoices are billed in ${billedIn}; the currency can change once they have ended or been paid.`,
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
        .where('id', '=', clientId)
        .execute();
      return { name: input.name, email: input.email, country: input.country, ...prefs, ...billing };
    })
    .catch((err: unknown) => {
      if (err instanceof UniqueConstraintViolationException) throw new DomainError(EMAIL_IN_USE, 'email');
      throw err;
    });
  const client = await em.findOne(Client, { id: clientId });
  if (!client) throw new NotFound('That client');
  return em.assign(client, changed);
}
