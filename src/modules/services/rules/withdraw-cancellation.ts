import type { CalendarDate } from '../../shared/dates.ts';
import type { ServiceStatus } from '../../shared/statuses.ts';

// Whether a service set to end with its term may be kept running instead (a client changed their
// mind, or staff scheduled it by mistake), and the history notes that tell a service's own
// request from the end it shares with the service it is an add-on of. Pure.

/** The history note of an end-of-term cancellation asked of this very service. */
export const requestedNote = (cancelAt: CalendarDate) => `Cancellation requested for the end of the term (${cancelAt}).`;

/** How the history note of a withdrawn one begins. */
export const WITHDRAWN = 'Cancellation withdrawn:';

/** The history note of a withdrawn one. */
export const withdrawnNote = (renewsOn: CalendarDate) => `${WITHDRAWN} it renews on ${renewsOn} as before.`;

export interface WithdrawFacts {
  status: ServiceStatus;
  cancelAt: CalendarDate | null;
  /** Its price ends every service of it with the first term (the package's own rule, not a request). */
  endsByPrice: boolean;
  /**
   * The service it is an add-on of: when that one ends (null: it does not), and the start of the
   * first period of it not billed yet (an add-on is billed only on its service's renewal).
   */
  parent: { id: number; cancelAt: CalendarDate | null; billedFrom: CalendarDate | null } | null;
}

/**
 * Why the end cannot be withdrawn, or null when it can: only a live service whose end is still to
 * come, set by a request (a price that ends with its term is the package's rule), and never an
 * add-on on its own while the service it belongs to ends (it cannot outlive it).
 */
export function withdrawRefusal(s: WithdrawFacts, today: CalendarDate): string | null {
  if (!s.cancelAt) return 'This service is not set to end.';
  if (s.status !== 'active' && s.status !== 'suspended') return `A ${s.status} service cannot be kept running.`;
  if (s.cancelAt <= today) return 'Its term is over: it ends today.';
  if (s.endsByPrice) return 'Its price ends with its first term; change its package or price to keep it running.';
  if (s.parent?.cancelAt) return `It ends with service #${s.parent.id}; keep that one running instead.`;
  // NOTE: its term after the end is billed only with its service's renewal; one already invoiced
  // without it would leave that term unbilled, so it is ordered again instead.
  if (s.parent?.billedFrom && s.parent.billedFrom > s.cancelAt)
    return `Service #${s.parent.id} is already invoiced past ${s.cancelAt} without it; order it again as a new add-on.`;
  return null;
}
