import type { EntityManager } from '@mikro-orm/postgresql';
import { defineHook } from '../shared/hook.ts';

export interface ServicesEnded {
  /** Open renewal invoices that billed services which have now ended. */
  invoiceIds: readonly number[];
  /** The services that ended now (none when an end was only set for later). */
  serviceIds: readonly number[];
  now: Date;
}

/**
 * Announced inside the transaction that ends services (cancelled, terminated, term over).
 * Handlers return how many invoices they voided.
 */
export const servicesEnded = defineHook<ServicesEnded, number>('services ended');

/** Announces that services ended (or, with none, that an end was set for renewals already billed); returns how many invoices were voided. */
export async function announceServicesEnded(
  tx: EntityManager,
  ended: { invoiceIds: readonly number[]; serviceIds: readonly number[] },
  now: Date,
): Promise<number> {
  if (!ended.invoiceIds.length && !ended.serviceIds.length) return 0;
  const voided = await servicesEnded.announce(tx, { ...ended, now });
  return voided.reduce((a, b) => a + b, 0);
}
