export interface Reservation {
  orderId: number;
  packageId: number;
  clientId: number;
  quantity: number;
  expiresAt: Date;
}

/**
 * The `stock_reservation` rows holding units for an unpaid order until `expiresAt`, for the
 * checkout's one statement of writes (checkout/write-order.ts), made after counting what is held
 * under the package lock (see placeOrder).
 */
export function reservationRows(reservations: readonly Reservation[], now: Date) {
  return reservations.map((r) => ({
    order_id: r.orderId,
    package_id: r.packageId,
    client_id: r.clientId,
    quantity: r.quantity,
    status: 'live' as const,
    expires_at: r.expiresAt,
    created_at: now,
  }));
}
