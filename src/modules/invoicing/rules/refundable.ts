import { decimalsProblem, formatAmount, type Units } from '../../shared/money.ts';
import type { GatewayKey } from './constants.ts';

// How much of a paid invoice can still be refunded, and where to. Pure.

export const REFUND_DESTINATIONS = ['gateway', 'manual', 'credit'] as const;
/** `gateway`: back through the payment's gateway; `manual`: staff paid it back by bank transfer; `credit`: the client's balance. */
export type RefundDestination = (typeof REFUND_DESTINATIONS)[number];

export const PAYMENT_KINDS = ['payment', 'refund'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const;
/** Payments are recorded succeeded; only a refund at a gateway waits (`pending`) and may fail. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentFact {
  kind: PaymentKind;
  gateway: GatewayKey;
  /** Negative for a refund. */
  amount: Units;
  status: PaymentStatus;
}

export interface RefundOption {
  destination: RefundDestination;
  /** Where the refund row is recorded: the original payment's gateway, `manual` or `credit`. */
  gateway: GatewayKey;
  max: Units;
}

export interface Refundable {
  paid: Units;
  refunded: Units;
  refundable: Units;
  /** The original method first (when it can take money back), then account credit. */
  options: RefundOption[];
}

/** Gateways whose payments can only go back as account credit (or carried no money). */
const NOT_RETURNABLE = new Set<GatewayKey>(['credit', 'free']);

/**
 * NOTE: a pending refund counts as refunded: its amount is reserved until the gateway answers,
 * so two refunds racing a slow gateway can never both pass. A failed one counts for nothing.
 * NOTE: credit applied when the invoice was made was paid too (from the balance), so it can come
 * back, as credit only: the original method is capped by what went through it.
 */
export function refundableOf(
  facts: { creditApplied: Units; payments: readonly PaymentFact[]; creditInOtherCurrency?: boolean },
  canRefundAt: (gateway: GatewayKey) => boolean,
): Refundable {
  const live = facts.payments.filter((p) => p.status !== 'failed');
  const received = live.filter((p) => p.kind === 'payment' && p.amount > 0n);
  const refunds = live.filter((p) => p.kind === 'refund');
  const paid = received.reduce((sum, p) => sum + p.amount, facts.creditApplied);
  const refunded = refunds.reduce((sum, p) => sum - p.amount, 0n);
  const refundable = paid > refunded ? paid - refunded : 0n;
  const options: RefundOption[] = [];
  if (refundable === 0n) return { paid, refunded, refundable, options };
  const original = received.at(-1)?.gateway;
  if (original && !NOT_RETURNABLE.has(original) && (original === 'manual' || canRefundAt(original))) {
    const through = received.filter((p) => p.gateway === original).reduce((sum, p) => sum + p.amount, 0n);
    const back = refunds.filter((p) => p.gateway === original).reduce((sum, p) => sum - p.amount, 0n);
    const max = through - back < refundable ? through - back : refundable;
    if (max > 0n) options.push({ destination: original === 'manual' ? 'manual' : 'gateway', gateway: original, max });
  }
  // NOTE: a balance is one amount in the client's currency: credit in another currency cannot join it.
  if (!facts.creditInOtherCurrency) options.push({ destination: 'credit', gateway: 'credit', max: refundable });
  return { paid, refunded, refundable, options };
}

/** Why this refund cannot be made, keyed by the field to show it next to; null when it can. */
export function refundProblem(
  r: Refundable,
  ask: { destination: RefundDestination; amount: Units },
  currency: { code: string; minorUnits: number },
): { field: 'amount' | 'destination'; message: string } | null {
  if (r.refundable === 0n) return { field: 'amount', message: 'Nothing is left to refund on this invoice.' };
  if (ask.amount <= 0n) return { field: 'amount', message: 'Enter an amount above zero.' };
  const decimals = decimalsProblem(ask.amount, currency);
  if (decimals) return { field: 'amount', message: decimals };
  const option = r.options.find((o) => o.destination === ask.destination);
  if (!option) return { field: 'destination', message: 'This invoice cannot be refunded that way; choose one of the ways offered.' };
  if (ask.amount > option.max) {
    const how = option.max < r.refundable ? ` ${DESTINATION_WORDS[option.destination]}` : '';
    return { field: 'amount', message: `At most ${formatAmount(option.max)} ${currency.code} can be refunded${how}.` };
  }
  return null;
}

const DESTINATION_WORDS: Record<RefundDestination, string> = {
  gateway: 'to the original payment method',
  manual: 'by bank transfer',
  credit: 'to account credit',
};
