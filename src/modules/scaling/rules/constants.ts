/** A package change: waiting for its invoice to be paid, applied, or void (replaced, expired, paid too late). */
export const SERVICE_CHANGE_STATUSES = ['awaiting_payment', 'applied', 'void'] as const;
export type ServiceChangeStatus = (typeof SERVICE_CHANGE_STATUSES)[number];
