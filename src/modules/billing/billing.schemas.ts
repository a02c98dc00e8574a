import { z } from 'zod';
import { isCalendarDate } from '../shared/dates.ts';
import { int } from '../shared/fields.ts';

// Inputs of the billing pages and API: the same words for a form field and a JSON field.

/** An ISO date; blank means "not given". */
export const isoDate = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v),
  z
    .string({ error: 'Use a date like 2026-01-31.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.')
    .refine((d) => isCalendarDate(d), 'That date does not exist.')
    .refine((d) => d >= '1970-01-01' && d <= '2199-12-31', 'Use a date between 1970 and 2199.')
    .optional(),
);

/** Starting a run by hand: the day it bills for, today when not given. */
export const startRunInput = z.object({ asOf: isoDate });

export const previewInput = z.object({
  from: isoDate,
  days: int(1, 90, 'a number of days from 1 to 90').default(14),
});

export const scheduleInput = z.object({ periods: int(1, 60, 'a number of periods from 1 to 60').default(12) });

export const listRunsQuery = z.object({
  page: int(1, 100_000, 'a page number').default(1),
  perPage: int(1, 100, 'a page size from 1 to 100').default(25),
});
