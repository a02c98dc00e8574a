// The one definition of "due for renewal", shared by the scan that splits the work and the
// batch that does it, so the two can never disagree about which services a run covers.
// Parameters: the horizon (as of + invoice_days_before).

/** The next period to bill starts at the end of the last billed one, or at the next due date. */
export const BILL_FROM = 'coalesce(s.billed_until, s.next_due_date)';

export const DUE_SERVICE = `s.status in ('active', 'suspended') and s.next_due_date is not null
  and ${BILL_FROM} <= ?::date
  and (s.cancel_at is null or s.cancel_at > ${BILL_FROM})`;
