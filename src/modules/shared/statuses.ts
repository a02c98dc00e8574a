// Each lifecycle status is defined once, here, low enough that every module (and the typed
// query layer) can name it: call sites use these names, never bare strings.

export const SERVICE_STATUSES = ['pending', 'active', 'suspended', 'cancelled', 'terminated'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** The plugin calls a service's status changes stand for (run through the outbox). */
export const ACTION_VERBS = ['suspend', 'unsuspend', 'terminate', 'changePackage'] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

/** Statuses of a service that has ended: it renews no more and is due nothing, whatever dates it kept. */
export const ENDED_STATUSES = ['cancelled', 'terminated'] as const satisfies readonly ServiceStatus[];
export const hasEnded = (status: string): boolean => (ENDED_STATUSES as readonly string[]).includes(status);

/** Statuses that hold a unit of stock and count against the per-user limit. */
export const HOLDING_STATUSES = ['pending', 'active', 'suspended'] as const satisfies readonly ServiceStatus[];

export const ORDER_STATUSES = ['pending', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const RESERVATION_STATUSES = ['live', 'converted', 'released'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const INVOICE_STATUSES = ['draft', 'unpaid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
