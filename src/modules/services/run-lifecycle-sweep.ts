import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';

/** Overdue suspensions and terminations, and end-of-term cancellations falling due by `today`. */
export async function runLifecycleSweep(_em: EntityManager, _today: CalendarDate, _now: Date): Promise<Record<string, number>> {
  return {};
}
