import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';

export type RunTrigger = 'schedule' | 'staff' | 'api' | 'retry';

export interface StartRunInput {
  /** The day the run bills for: periods starting up to `invoice_days_before` days after it. */
  asOf: CalendarDate;
  trigger: RunTrigger;
  actor?: string;
  retryOfId?: number;
}

/** Records a billing run and fans its due clients out into batches (one renewal-batch job each, via the outbox). */
export async function startBillingRun(_em: EntityManager, _input: StartRunInput, _now: Date): Promise<{ runId: number; batches: number }> {
  throw new Error('not yet');
}
