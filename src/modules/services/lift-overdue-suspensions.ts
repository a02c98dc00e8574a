import type { EntityManager } from '@mikro-orm/postgresql';

/** Paying an overdue renewal brings the services it suspended back (inside the payment's transaction). */
export async function liftOverdueSuspensions(_tx: EntityManager, _invoiceId: number, _now: Date): Promise<void> {
  // Filled in with the overdue sweep.
}
