import { z } from 'zod';
import { int } from '../shared/fields.ts';

export const FAILED_WORK_STATES = ['retrying', 'gave-up'] as const;
export type FailedWorkState = (typeof FAILED_WORK_STATES)[number];

export const listFailedWorkQuery = z.object({
  state: z.enum(['all', ...FAILED_WORK_STATES], { error: 'Choose retrying, gave-up or all.' }).default('all'),
  page: int(1, 100_000, 'a page number').default(1),
  perPage: int(1, 100, 'a page size from 1 to 100').default(25),
});
