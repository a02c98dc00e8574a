export const SERVICE_STATUSES = ['pending', 'active', 'suspended', 'cancelled', 'terminated'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** Statuses that hold a unit of stock and count against the per-user limit. */
export const HOLDING_STATUSES = ['pending', 'active', 'suspended'] as const satisfies readonly ServiceStatus[];
