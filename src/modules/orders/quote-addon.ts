import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { loadAddonParent } from './load-addon-parent.ts';
import { addonChoiceInput } from './orders.schemas.ts';
import { quoteOrder } from './quote-order.ts';
import { languageFor } from '../clients/client-language.ts';

/**
 * What adding `packageId` to a client's running service costs now: the charge to the service's
 * next due date (co-term), in the service's currency, taxed for the client. Checkout prices it
 * the same way (placeOrder with parentServiceId), so the preview is what is charged.
 */
export async function quoteAddon(em: EntityManager, raw: unknown, now: Date) {
  const input = parseInput(addonChoiceInput, raw);
  const client = await db(em)
    .selectFrom('client')
    .select(['id', 'country', 'vat_id', 'language'])
    .where('id', '=', input.clientId)
    .executeTakeFirst();
  if (!client) throw new NotFound('That client');
  const today = calendarDateOf(now);
  const parent = await loadAddonParent(em, { clientId: client.id, serviceId: input.parentServiceId, packageId: input.packageId }, today);
  const { quote, pkg, variants } = await quoteOrder(
    em,
    { ...input, currency: parent.currency },
    { country: client.country, vatId: client.vat_id, language: await languageFor(em, client.language), today, coTerm: parent.coTerm },
  );
  return { quote, parent, pkg, variants };
}
