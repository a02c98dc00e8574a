import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceDetail } from './load-invoice.ts';
import { loadInvoice } from './load-invoice.ts';
import { payWithCredit } from './pay-with-credit.ts';
import type { PayResult } from './pay-invoice.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { fromDecimalString } from '../shared/money.ts';

// The payment gateways a client can choose on an unpaid invoice. Each one says what the invoice
// page shows for it (an offer) and, when a client can start it, what starting does: pay at once
// or send the client to a hosted page. A new gateway is one more entry in GATEWAYS.

export const CLIENT_GATEWAYS = ['credit', 'manual', 'test'] as const;
export type ClientGatewayKey = (typeof CLIENT_GATEWAYS)[number];

export interface GatewayContext {
  invoice: InvoiceDetail;
  /** The client's credit balance (4 decimals) and the currency it is held in. */
  creditBalance: string;
  creditCurrency: string;
  /** Staff's bank transfer instructions (the `bank_transfer` setting), or null when unset. */
  bankDetails: string | null;
}

export type GatewayOffer =
  | { key: ClientGatewayKey; label: string; kind: 'button'; action: string; button: string; note: string; balance?: { amount: string; currency: string }; refusal: string | null }
  | { key: ClientGatewayKey; label: string; kind: 'instructions'; lines: string[]; reference: string; note: string };

export type StartResult = { kind: 'paid'; result: PayResult } | { kind: 'redirect'; to: string };

export interface PaymentGateway {
  key: ClientGatewayKey;
  label: string;
  offer(ctx: GatewayContext): GatewayOffer;
  /** Absent for gateways only staff complete (a bank transfer is marked paid when it arrives). */
  start?(em: EntityManager, clientId: number, invoiceId: number, now: Date): Promise<StartResult>;
}

/** The reference a client writes on a bank transfer, so staff can match it to the invoice. */
export const transferReference = (invoiceId: number) => `INV-${invoiceId}`;

const payPath = (invoiceId: number, key: ClientGatewayKey) => `/account/invoices/${invoiceId}/pay/${key}`;

const credit: PaymentGateway = {
  key: 'credit',
  label: 'Account credit',
  offer({ invoice, creditBalance, creditCurrency }) {
    const enough = fromDecimalString(creditBalance) >= fromDecimalString(invoice.amountDue);
    const refusal = creditCurrency !== invoice.currency ? `Your credit is held in ${creditCurrency}; this invoice is in ${invoice.currency}.` : enough ? null : 'Your credit balance does not cover this invoice.';
    return { key: 'credit', label: 'Account credit', kind: 'button', action: payPath(invoice.id, 'credit'), button: 'Pay from my credit', note: 'Paid at once from your account balance.', balance: { amount: creditBalance, currency: creditCurrency }, refusal };
  },
  start: async (em, clientId, invoiceId, now) => ({ kind: 'paid', result: await payWithCredit(em, clientId, invoiceId, now) }),
};

const manual: PaymentGateway = {
  key: 'manual',
  label: 'Bank transfer',
  offer({ invoice, bankDetails }) {
    const lines = bankDetails ? bankDetails.split(/\r?\n/).filter((l) => l.trim()) : ['Our bank details have not been published here yet: contact us and we will send them.'];
    return { key: 'manual', label: 'Bank transfer', kind: 'instructions', lines, reference: transferReference(invoice.id), note: 'We mark the invoice paid when the transfer arrives, usually within 1 to 3 working days.' };
  },
};

const test: PaymentGateway = {
  key: 'test',
  label: 'Test gateway',
  offer({ invoice }) {
    return { key: 'test', label: 'Test gateway', kind: 'button', action: payPath(invoice.id, 'test'), button: 'Pay with the test gateway', note: 'For demos: a hosted page where you approve or decline the payment.', refusal: null };
  },
  async start(em, clientId, invoiceId) {
    const invoice = await loadInvoice(em, invoiceId, clientId);
    if (invoice.status === 'paid') return { kind: 'paid', result: 'already-paid' };
    if (invoice.status !== 'unpaid') throw new Conflict('This invoice was cancelled and can no longer be paid.');
    return { kind: 'redirect', to: `/pay/test/${invoiceId}` };
  },
};

export const GATEWAYS: readonly PaymentGateway[] = [credit, manual, test];

export interface GatewayPolicy {
  /** The demo gateway is only offered where the configuration allows it (never by default in production). */
  testGateway: boolean;
}

/**
 * The gateways an invoice may be paid with. NOTE: an order's invoice must be paid while its
 * stock is reserved (minutes), so a bank transfer (days) is offered only for other invoices.
 */
export function gatewaysFor(invoice: { orderId: number | null }, policy: GatewayPolicy): PaymentGateway[] {
  return GATEWAYS.filter((g) => (g.key !== 'test' || policy.testGateway) && (g.key !== 'manual' || invoice.orderId === null));
}

export function gatewayFor(key: string, policy: GatewayPolicy): PaymentGateway {
  const gateway = GATEWAYS.find((g) => g.key === key && (g.key !== 'test' || policy.testGateway));
  if (!gateway) throw new NotFound('That payment method');
  return gateway;
}
