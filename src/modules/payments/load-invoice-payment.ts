import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { loadInvoice, type InvoiceDetail } from '../invoicing/load-invoice.ts';
import { NotFound } from '../shared/errors.ts';
import { getSellerDetails } from '../settings/seller-details.ts';
import type { GatewayEnv, GatewayOffer } from './gateway.ts';
import { loadGatewayConfigs, usableFor } from './load-gateways.ts';

/** A client's own invoice, with the ways to pay it while it is unpaid. */
export async function loadInvoicePayment(
  em: EntityManager,
  clientId: number,
  invoiceId: number,
  env: GatewayEnv,
  appSecret: string,
): Promise<{ invoice: InvoiceDetail; offers: GatewayOffer[] }> {
  const invoice = await loadInvoice(em, invoiceId, clientId);
  if (invoice.status !== 'unpaid') return { invoice, offers: [] };
  const q = db(em);
  const [client, configs, card] = await Promise.all([
    q
      .selectFrom('client as c')
      .select((eb) => [
        'c.credit_balance',
        'c.currency',
        eb.selectFrom('currency').select('code').where('is_default', '=', true).limit(1).as('default_currency'),
      ])
      .where('c.id', '=', clientId)
      .executeTakeFirst(),
    loadGatewayConfigs(em, appSecret),
    q
      .selectFrom('saved_card')
      .select(['brand', 'last4'])
      .where('client_id', '=', clientId)
      .where('is_default', '=', true)
      .executeTakeFirst(),
  ]);
  if (!client) throw new NotFound('That client');
  // The details the invoice was issued with, as its PDF prints them; else the seller's now.
  // NOTE: read as stored JSON: a snapshot written before a field existed lacks it.
  const issuedWith: unknown = invoice.seller?.bankDetails;
  const sellerBankDetails = (typeof issuedWith === 'string' && issuedWith.trim()) || (await getSellerDetails(em)).bankDetails;
  const base = {
    sellerBankDetails,
    invoice,
    creditBalance: client.credit_balance,
    creditCurrency: client.currency ?? client.default_currency ?? invoice.currency,
    defaultCard: card ?? null,
  };
  return { invoice, offers: usableFor(configs, invoice, env).map((c) => c.gateway.offer({ ...base, settings: c.settings })) };
}
