import { defineHook } from '../shared/hook.ts';

export interface InvoiceRefunded {
  invoiceId: number;
  /** The order the invoice paid for, or null for renewals and upgrades. */
  orderId: number | null;
  refundId: number;
  /** Staff chose to end the services the invoice paid for. */
  endServices: boolean;
  /** Who refunded, for the services' history. */
  actor: string;
  now: Date;
}

/** Announced inside the transaction where a refund succeeds, once per refund. */
export const invoiceRefunded = defineHook<InvoiceRefunded>('invoice refunded');
