// The gateways that can take a payment back. Higher modules (payments) register theirs at start-up;
// this module never imports them, so refunds work with whatever is installed.

export interface GatewayRefund {
  gateway: string;
  /** The original payment's reference at the gateway. */
  paymentReference: string;
  /** 4 decimals, positive. */
  amount: string;
  currency: string;
  /** Sent with every attempt of the same refund, so a retried call refunds once. */
  idempotencyKey: string;
  /** The gateway's own settings, when its module keeps any. */
  settings?: unknown;
}

export type GatewayRefunder = (input: GatewayRefund) => Promise<{ reference: string }>;

/**
 * What a refunder throws when the gateway gave a definite no (already refunded, amount too
 * large): nothing was refunded and the reserved amount can be released. Any other error
 * (a timeout, the gateway down) leaves the refund pending: the gateway may have refunded, and
 * asking again with the same key finds out without refunding twice.
 */
export class RefundRefused extends Error {}

const refunders = new Map<string, GatewayRefunder>();

/** Registers (or replaces) the function that refunds payments of `gatewayKey`. */
export function registerGatewayRefunder(gatewayKey: string, fn: GatewayRefunder): void {
  refunders.set(gatewayKey, fn);
}

export function canRefundAtGateway(gatewayKey: string): boolean {
  return refunders.has(gatewayKey);
}

/** Refunds at the gateway; throws what the gateway refused with. Never call it inside a transaction. */
export async function refundAtGateway(input: GatewayRefund): Promise<{ reference: string }> {
  const fn = refunders.get(input.gateway);
  if (!fn) throw new Error(`The ${input.gateway} gateway cannot refund payments.`);
  const out = await fn(input);
  if (!out || typeof out.reference !== 'string' || !out.reference)
    throw new Error(`The ${input.gateway} gateway gave no reference for the refund.`);
  return { reference: out.reference.slice(0, 120) };
}

// The demo gateway approves every refund; its reference is derived from the key, so a retry gets the same one.
registerGatewayRefunder('test', ({ idempotencyKey }) => Promise.resolve({ reference: `test-refund-${idempotencyKey}` }));
