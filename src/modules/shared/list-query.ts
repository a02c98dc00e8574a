import { z } from 'zod';
import { int, optionalCalendarDate } from './fields.ts';

// The fields every staff list shares: a search box, a created-date range and the paging.

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const listQueryFields = {
  q: z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z.string({ error: 'Search for text.' }).trim().max(200, 'Search for at most 200 characters.'),
  ),
  from: optionalCalendarDate,
  to: optionalCalendarDate,
  page: z.preprocess(blankToUndefined, int(1, 100_000, 'a page number').default(1)),
  perPage: z.preprocess(blankToUndefined, int(1, 100, 'a page size from 1 to 100').default(25)),
};

/** An ILIKE pattern matching `q` anywhere, its wildcards taken literally; null for no search. */
export function containsPattern(q: string): string | null {
  return q ? `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
}

/** A search that is a number (with or without a leading #) may be an id. */
export function idOf(q: string): number | null {
  const m = /^#?(\d{1,9})$/.exec(q);
  return m ? Number(m[1]) : null;
}

/** Per currency over the whole filtered set: how many, their total and what is left to pay. */
export interface CurrencyTotal {
  currency: string;
  /** The currency's decimals, as its amounts are shown. */
  minorUnits: number;
  count: number;
  total: string;
  amountDue: string;
  /** Of `count`, how many the sums leave out (void invoices, cancelled orders: nothing is owed or paid on them). */
  uncounted: number;
}

/** A range whose end comes before its start is a mistake worth saying, by the "to" field. */
export function rangeInOrder(q: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Use a date on or after the "from" date.' });
}

/** One page of a staff list, with the count and the totals per currency of everything the filters match. */
export interface ListPage<Row, Query> {
  items: Row[];
  total: number;
  page: number;
  perPage: number;
  pages: number;
  totals: CurrencyTotal[];
  query: Query;
}

/** NOTE: the count comes from the totals, so past the last page nothing is counted twice. */
export function listPage<Row, Query extends { page: number; perPage: number }>(
  items: Row[],
  totals: { currency: string; minor_units: number | null; count: number; total: string; amount_due: string; uncounted?: number }[],
  query: Query,
): ListPage<Row, Query> {
  const total = totals.reduce((n, t) => n + t.count, 0);
  return {
    items,
    total,
    page: query.page,
    perPage: query.perPage,
    pages: Math.max(1, Math.ceil(total / query.perPage)),
    totals: totals.map((t) => ({
      currency: t.currency,
      minorUnits: t.minor_units ?? 2,
      count: t.count,
      total: t.total,
      amountDue: t.amount_due,
      uncounted: t.uncounted ?? 0,
    })),
    query,
  };
}
