import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceDetail } from '../invoicing/load-invoice.ts';
import type { CreditPayResult } from '../invoicing/pay-with-credit.ts';
import type { GatewayKey } from '../invoicing/rules/constants.ts';
import type { FieldSpec, FieldValues } from '../plugins/rules/field-spec.ts';

// A payment gateway is a plugin, like a provisioning plugin: it declares its settings (secret
// ones are sealed at rest), says what an invoice page offers for it, and, when a client can
// start it, what starting does: pay at once or send the client to a hosted page. Staff enable
// each one per currency and set the order clients see them in (payment_gateway rows).

/** What gateways need from the process's configuration, passed in so actions never read env. */
export interface GatewayEnv {
  publicUrl: string;
  /** Where the Stripe SDK sends its requests; unset means Stripe itself. */
  stripeApiUrl?: string;
  /** The demo gateway is only offered where the configuration allows it (never by default in production). */
  testGateway: boolean;
}

export interface OfferContext {
  invoice: InvoiceDetail;
  settings: FieldValues;
  /** The client's credit balance (4 decimals) and the currency it is held in. */
  creditBalance: string;
  creditCurrency: string;
  /** The client's saved card for automatic renewals, if any. */
  defaultCard: { brand: string; last4: string } | null;
  /** The seller's bank details as the invoice document prints them ('' when none are set). */
  sellerBankDetails: string;
}

export type GatewayOffer =
  | {
      key: GatewayKey;
      label: string;
      kind: 'button';
      action: string;
      button: string;
      note: string;
      balance?: { amount: string; currency: string };
      /** A "keep this card for renewals" box, ticked by default. */
      saveCard?: boolean;
      refusal: string | null;
    }
  | { key: GatewayKey; label: string; kind: 'instructions'; lines: string[]; reference: string; note: string };

/** `external`: another site's page (the browser is sent there by a page, since our CSP keeps form posts on our origin). */
export type StartResult = { kind: 'paid'; result: CreditPayResult } | { kind: 'redirect'; to: string; external?: boolean };

export interface StartInput {
  clientId: number;
  invoiceId: number;
  now: Date;
  env: GatewayEnv;
  settings: FieldValues;
  /** The pay form's fields (e.g. `save_card`). */
  form: Record<string, string>;
}

export interface PaymentGateway {
  key: GatewayKey;
  /** What staff and clients call it. */
  label: string;
  description: string;
  settingsFields: readonly FieldSpec[];
  /** Whether this process may offer it at all (the test gateway only where configured). */
  available?(env: GatewayEnv): boolean;
  /** Whether it can pay this invoice (a bank transfer takes days: not for an order's invoice). */
  accepts?(invoice: { orderId: number | null }): boolean;
  offer(ctx: OfferContext): GatewayOffer;
  /** Absent for gateways only staff complete (a bank transfer is marked paid when it arrives). */
  start?(em: EntityManager, input: StartInput): Promise<StartResult>;
  /** Checks the settings against the gateway (keys valid, reachable). */
  testConnection?(settings: FieldValues, env: GatewayEnv): Promise<{ ok: boolean; message: string }>;
  /** Checks across settings the field specs cannot say (a key's prefix); field key to message. */
  check?(settings: FieldValues): Record<string, string>;
  /** A short word on the settings' mode ("Test mode", "Live mode"), shown to staff. */
  mode?(settings: FieldValues): string | null;
}

export const payPath = (invoiceId: number, key: GatewayKey) => `/account/invoices/${invoiceId}/pay/${key}`;
