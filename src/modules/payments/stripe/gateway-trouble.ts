import { log } from '../../../observability/log.ts';
import { Conflict, DomainError, NotFound } from '../../shared/errors.ts';

/**
 * Runs a call to Stripe on a client's behalf: a card error keeps Stripe's message (it is meant
 * for the cardholder); anything else (network, keys) becomes one calm sentence, and the detail
 * goes to the log for staff.
 */
export async function gatewayTrouble<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof DomainError || err instanceof NotFound || err instanceof Conflict) throw err;
    const e = err as { type?: string; message?: string };
    if (e.type === 'StripeCardError' && e.message) throw new DomainError(e.message);
    log.error({ err: e.message ?? String(err) }, 'stripe call failed');
    throw new DomainError(
      'Card payments are unavailable right now. Nothing was charged; try again in a moment or choose another way to pay.',
    );
  }
}
