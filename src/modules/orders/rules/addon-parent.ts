import type { Term } from '../../pricing/rules/billing-cycle.ts';
import type { ParentTerm } from '../../pricing/rules/co-term.ts';
import type { PriceSnapshot } from '../../pricing/rules/price-snapshot.ts';
import { compareDates, type CalendarDate } from '../../shared/dates.ts';

// Whether a running service can take an add-on today, and the term the add-on co-terms with.
// Pure: the service's row and today come in.

export interface AddonParentRow {
  status: string;
  parentId: number | null;
  anchorDay: number | null;
  nextDueDate: CalendarDate | null;
  billedUntil: CalendarDate | null;
  cancelAt: CalendarDate | null;
  snapshot: Pick<PriceSnapshot, 'price'>;
}

/** The parent's term for co-terming, or why the service takes no add-ons (one sentence). */
export function addonParentTerm(row: AddonParentRow, today: CalendarDate): ParentTerm | string {
  if (row.parentId !== null) return 'An add-on cannot have add-ons of its own.';
  if (row.status !== 'active') return 'Add-ons can be added to an active service only.';
  if (row.cancelAt) return `This service ends on ${row.cancelAt}, so it takes no add-ons.`;
  const price = row.snapshot.price;
  if (!price || price.type !== 'recurring' || !price.intervalCount || !price.period || !row.nextDueDate)
    return 'This service does not renew, so it takes no add-ons.';
  if (compareDates(row.nextDueDate, today) <= 0) return 'This service is due for renewal; pay its renewal invoice first.';
  const term: Term = { intervalCount: price.intervalCount, period: price.period };
  const billedThrough = row.billedUntil && compareDates(row.billedUntil, row.nextDueDate) > 0 ? row.billedUntil : row.nextDueDate;
  return { nextDue: row.nextDueDate, billedThrough, anchorDay: row.anchorDay ?? Number(row.nextDueDate.slice(8, 10)), term };
}
