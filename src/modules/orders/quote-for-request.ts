import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from '../clients/clients.entities.ts';
import { calendarDateOf, isCalendarDate } from '../shared/dates.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { quoteRequestInput } from './orders.schemas.ts';
import { quoteAddon } from './quote-addon.ts';
import { quoteOrder } from './quote-order.ts';

/**
 * A quote for the API (and staff previews): for a client (their country and currency) or
 * for a country and currency given outright, on an order date that may be back-dated.
 */
export async function quoteForRequest(em: EntityManager, raw: unknown, now: Date) {
  const input = parseInput(quoteRequestInput, raw);
  if (input.parentServiceId !== undefined) {
    // An add-on is priced for its service's client, in its currency, as of today (no back-dating).
    if (input.clientId === undefined) throw new DomainError('Give the clientId of the service the add-on is for.', 'clientId');
    if (input.orderDate || input.currency || input.country)
      throw new DomainError('An add-on is quoted for its service: leave out orderDate, currency and country.', 'parentServiceId');
    return (await quoteAddon(em, { ...input, clientId: input.clientId, parentServiceId: input.parentServiceId }, now)).quote;
  }
  if (input.orderDate && !isCalendarDate(input.orderDate)) throw new DomainError('That date does not exist.', 'orderDate');
  let country = input.country ?? null;
  let vatId: string | null = null;
  let currency = input.currency;
  if (input.clientId !== undefined) {
    const client = await em.findOne(Client, { id: input.clientId });
    if (!client) throw new NotFound('That client');
    country ??= client.country ?? null;
    // A VAT ID is the client's own: it counts only in the country it was checked for.
    if (country === client.country) vatId = client.vatId ?? null;
    currency ??= client.currency ?? undefined;
  }
  const { quote } = await quoteOrder(em, { ...input, currency }, { country, vatId, today: input.orderDate ?? calendarDateOf(now) });
  return quote;
}
