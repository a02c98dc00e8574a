export const ORDER_STATUSES = ['pending', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const RESERVATION_STATUSES = ['live', 'converted', 'released'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
