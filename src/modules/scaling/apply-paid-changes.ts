import type { EntityManager } from '@mikro-orm/postgresql';

/** A paid upgrade invoice applies its package change (inside the payment's transaction). */
export async function applyPaidChanges(_tx: EntityManager, _invoiceId: number, _now: Date): Promise<void> {
  // Filled in with scaling.
}
