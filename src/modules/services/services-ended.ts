import type { EntityManager } from '@mikro-orm/postgresql';
import { defineHook } from '../shared/hook.ts';

export interface ServicesEnded {
  /** Open renewal invoices that billed services which have now ended. */
  invoiceIds: readonly number[];
  now: Date;
}

/**
 * Announced inside the transaction that ends services (cancelled, terminated, term over).
 * Handlers return how many invoices they voided.
 */
export const servicesEnded = defineHook<ServicesEnded, number>('services ended');

/** Announces that services on these open renewal invoices ended; returns how many invoices were voided. */
export async function announceServicesEnded(tx: EntityManager, invoiceIds: readonly number[], now: Date): Promise<number> {
  if (!invoiceIds.length) return 0;
  const voided = await servicesEnded.announce(tx, { invoiceIds, now });
  return voided.reduce((a, b) => a + b, 0);
}
