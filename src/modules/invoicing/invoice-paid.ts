import { defineHook } from '../shared/hook.ts';

export interface InvoicePaid {
  invoiceId: number;
  /** The order the invoice is for (its first payment), or null for renewals and upgrades. */
  orderId: number | null;
  now: Date;
}

/**
 * Announced inside the payment's transaction, once per invoice (a payment reported again
 * announces nothing): what the payment buys is done by the modules that own it.
 */
export const invoicePaid = defineHook<InvoicePaid>('invoice paid');
