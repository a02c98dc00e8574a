import { ACTION_VERBS, type ActionVerb, type ServiceStatus } from '../../shared/statuses.ts';

// Billing-driven lifecycle: which plugin call a status stands for, and the keys that make each
// call happen once. Pure.

/**
 * Why a service is suspended: 'overdue' lifts itself when the invoice is paid; 'staff' waits for
 * staff; 'parent' (an add-on) comes back when its parent service does; 'dispute' (a chargeback)
 * lifts when the dispute is won.
 */
export const SUSPEND_REASONS = ['overdue', 'staff', 'parent', 'dispute'] as const;
export type SuspendReason = (typeof SUSPEND_REASONS)[number];

/** Statuses after which nothing is billed or provisioned again. */
export const ENDED_STATUSES = ['terminated', 'cancelled'] as const satisfies readonly ServiceStatus[];

export const isActionVerb = (v: string): v is ActionVerb => (ACTION_VERBS as readonly string[]).includes(v);

/**
 * The status a service must still be in for a queued plugin call to run.
 * NOTE: the database changes first and the call follows through the outbox, so calls can arrive
 * late or out of order (a suspend delivered after the payment that lifted it). A call whose status
 * has moved on is skipped: the later change queued its own call, and the remote side converges on
 * the database's state.
 */
const WANTS: Record<ActionVerb, readonly ServiceStatus[]> = {
  suspend: ['suspended'],
  unsuspend: ['active'],
  terminate: ENDED_STATUSES,
  changePackage: ['active', 'suspended'],
};

export function actionStillWanted(verb: ActionVerb, status: ServiceStatus): boolean {
  return WANTS[verb].includes(status);
}

/**
 * The outbox key (and the remote idempotency key) of a lifecycle call. Suspending and
 * unsuspending name the invoice that caused them, so a later overdue invoice suspends again;
 * a service is terminated once.
 */
export function serviceActionKey(serviceId: number, verb: ActionVerb, cause?: number | string): string {
  return cause === undefined ? `service-action:${serviceId}:${verb}` : `service-action:${serviceId}:${verb}:${cause}`;
}
