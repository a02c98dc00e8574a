import type Stripe from 'stripe';
import type { Store } from './store.ts';

// A good card is declined now and then in real life (a limit reached, the bank's fraud check),
// which no test number does: these controls make chosen charges of any saved card answer as the
// always-declining 4000000000000341 would, with its failed charge, payment_failed event and 402.
const DECLINING = '4000000000000341';

/** What a charge being decided on carries: enough to draw a seeded, order-independent outcome. */
export interface ChargeRequest {
  paymentMethod: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
}

export interface Chaos {
  /** The next `times` confirmed charges of this payment method are declined. */
  declineNext(paymentMethodId: string, times?: number): void;
  /** Each confirmed charge of this payment method is declined when `decide` says so. */
  declineWhen(paymentMethodId: string, decide: (charge: ChargeRequest) => boolean): void;
  /** Runs while Stripe handles a confirmed charge: what the world does between the request and its answer. */
  onCharge(listener: (charge: ChargeRequest) => void): void;
  /** The PaymentIntents declined by these controls (not by their card's own behaviour). */
  readonly declined: Stripe.PaymentIntent[];
}

/**
 * Adds the controls to a stand-in's store. A replayed request (same idempotency key) is answered
 * from what the first one got, as on Stripe, so a forced decline stays a decline when retried.
 */
export function addChaos(store: Store): Chaos {
  const queued = new Map<string, number>();
  const deciders = new Map<string, (charge: ChargeRequest) => boolean>();
  const declined: Stripe.PaymentIntent[] = [];
  const listeners: ((charge: ChargeRequest) => void)[] = [];
  const create = store.createPaymentIntent.bind(store);
  const forced = (p: Parameters<Store['createPaymentIntent']>[0]): boolean => {
    const pm = p.paymentMethod;
    if (!pm || !p.confirm) return false;
    for (const listener of listeners) listener({ paymentMethod: pm, amount: p.amount, currency: p.currency, metadata: p.metadata });
    const left = queued.get(pm) ?? 0;
    if (left > 0) {
      queued.set(pm, left - 1);
      return true;
    }
    return deciders.get(pm)?.({ paymentMethod: pm, amount: p.amount, currency: p.currency, metadata: p.metadata }) ?? false;
  };
  store.createPaymentIntent = (p) => {
    if (!forced(p)) return create(p);
    const pm = p.paymentMethod!;
    const number = store.cardNumbers.get(pm);
    store.cardNumbers.set(pm, DECLINING);
    const before = new Set(store.paymentIntents.keys());
    try {
      return create(p);
    } finally {
      if (number === undefined) store.cardNumbers.delete(pm);
      else store.cardNumbers.set(pm, number);
      for (const [id, pi] of store.paymentIntents) if (!before.has(id)) declined.push(pi);
    }
  };
  return {
    declined,
    declineNext(paymentMethodId, times = 1) {
      queued.set(paymentMethodId, (queued.get(paymentMethodId) ?? 0) + times);
    },
    declineWhen(paymentMethodId, decide) {
      deciders.set(paymentMethodId, decide);
    },
    onCharge(listener) {
      listeners.push(listener);
    },
  };
}
