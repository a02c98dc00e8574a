import { defineHook } from '../shared/hook.ts';

/** An unpaid invoice, as the payments module needs it to say whether a bank transfer can pay it. */
export interface TransferAsk {
  orderId: number | null;
  currency: string;
  /** The seller's bank details the invoice was issued with (the fallback for the transfer's own). */
  sellerBankDetails: string;
}

/**
 * The bank details an invoice's document prints to pay it by transfer, or null when a transfer is
 * not a way to pay it (bank transfer switched off, not for its currency, or an order's invoice,
 * which must be paid while its stock is held). The payments module answers (src/modules/wiring.ts),
 * so the PDF offers exactly what the invoice's page offers.
 */
export const transferDetailsWanted = defineHook<TransferAsk, string | null>('invoice transfer details');
