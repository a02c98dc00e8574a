import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from '../clients/clients.entities.ts';
import { Currency, Setting } from '../settings/settings.entities.ts';
import { NotFound } from '../shared/errors.ts';
import { gatewaysFor, type GatewayOffer, type GatewayPolicy } from './gateways.ts';
import { loadInvoice, type InvoiceDetail } from './load-invoice.ts';

export const BANK_TRANSFER_SETTING = 'bank_transfer';

/** A client's own invoice, with the ways to pay it while it is unpaid. */
export async function loadInvoicePayment(em: EntityManager, clientId: number, invoiceId: number, policy: GatewayPolicy): Promise<{ invoice: InvoiceDetail; offers: GatewayOffer[] }> {
  const invoice = await loadInvoice(em, invoiceId, clientId);
  if (invoice.status !== 'unpaid') return { invoice, offers: [] };
  const [client, def, bank] = await Promise.all([em.findOne(Client, { id: clientId }), em.findOne(Currency, { isDefault: true }), em.findOne(Setting, { key: BANK_TRANSFER_SETTING })]);
  if (!client) throw new NotFound('That client');
  const value = bank?.value;
  const bankDetails = typeof value === 'string' ? value : value && typeof value === 'object' && typeof (value as { instructions?: unknown }).instructions === 'string' ? (value as { instructions: string }).instructions : null;
  const ctx = { invoice, creditBalance: client.creditBalance, creditCurrency: client.currency ?? def?.code ?? invoice.currency, bankDetails };
  return { invoice, offers: gatewaysFor(invoice, policy).map((g) => g.offer(ctx)) };
}
