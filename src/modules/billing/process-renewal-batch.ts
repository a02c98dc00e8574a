import type { EntityManager } from '@mikro-orm/postgresql';

/** Bills one batch of a run's clients. */
export async function processRenewalBatch(_em: EntityManager, _batchId: number, _now: Date): Promise<{ invoices: number }> {
  throw new Error('not yet');
}
