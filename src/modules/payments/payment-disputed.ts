import { defineHook } from '../shared/hook.ts';

export interface PaymentDisputed {
  invoiceId: number;
  disputeId: number;
  /** `opened`: the money is held by the bank; `won`: it came back; `lost`: it is gone. */
  outcome: 'opened' | 'won' | 'lost';
  /** Whether the gateway's settings ask for the services to be suspended while it lasts. */
  suspend: boolean;
  /** For links in the emails it causes. */
  publicUrl: string;
  now: Date;
}

/** Announced inside the transaction that records a dispute's change, once per change. */
export const paymentDisputed = defineHook<PaymentDisputed>('payment disputed');
