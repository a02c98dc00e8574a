import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, calendarDateOf, compareDates } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { startRunInput } from './billing.schemas.ts';
import { startBillingRun } from './start-billing-run.ts';

/** How far back staff may date a run: a catch-up of weeks is fine, a typo of years is refused. */
const MAX_DAYS_BACK = 366;

/** A run staff (or an API client) start by hand, for `asOf` or today. */
export async function requestBillingRun(
  em: EntityManager,
  raw: unknown,
  trigger: 'staff' | 'api',
  actor: string,
  now: Date,
): Promise<{ runId: number; batches: number }> {
  const input = parseInput(startRunInput, raw ?? {});
  const today = calendarDateOf(now);
  const asOf = input.asOf ?? today;
  // NOTE: never ahead of today: a run dated in the future would invoice (and spend credit on)
  // every period up to it at once, with nothing to undo it. The preview shows what is coming.
  if (compareDates(asOf, today) > 0)
    throw new DomainError('Choose today or an earlier day; the preview below shows what is coming.', 'asOf');
  if (compareDates(asOf, addDays(today, -MAX_DAYS_BACK)) < 0) throw new DomainError('Choose a date within the last year.', 'asOf');
  return startBillingRun(em, { asOf, trigger, actor }, now);
}
