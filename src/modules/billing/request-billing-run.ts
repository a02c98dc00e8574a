import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, calendarDateOf, compareDates } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { startRunInput } from './billing.schemas.ts';
import { startBillingRun } from './start-billing-run.ts';

/** How far from today staff may date a run: a typo of a year is refused, a catch-up of weeks is not. */
const MAX_DAYS_AWAY = 366;

/** A run staff (or an API client) start by hand, for `asOf` or today. */
export async function requestBillingRun(em: EntityManager, raw: unknown, trigger: 'staff' | 'api', actor: string, now: Date): Promise<{ runId: number; batches: number }> {
  const input = parseInput(startRunInput, raw ?? {});
  const today = calendarDateOf(now);
  const asOf = input.asOf ?? today;
  if (compareDates(asOf, addDays(today, -MAX_DAYS_AWAY)) < 0 || compareDates(asOf, addDays(today, MAX_DAYS_AWAY)) > 0) {
    throw new DomainError('Choose a date within a year of today.', 'asOf');
  }
  return startBillingRun(em, { asOf, trigger, actor }, now);
}
