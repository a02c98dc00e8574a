// What a client or staff member is told once an invoice is paid: it depends on what it bought.

export function paidMessage(invoice: { orderId: number | null; lines: { kind: string }[] }, who: 'client' | 'staff'): string {
  const kinds = new Set(invoice.lines.map((l) => l.kind));
  const done =
    invoice.orderId !== null
      ? who === 'client'
        ? 'Your order is being set up.'
        : 'The order’s services are being set up.'
      : kinds.has('upgrade-charge')
        ? 'The package change is being applied.'
        : kinds.has('renewal')
          ? who === 'client'
            ? 'Your services are renewed.'
            : 'The services are renewed.'
          : '';
  return `${who === 'client' ? 'Paid. Thank you!' : 'Marked paid.'}${done ? ` ${done}` : ''}`;
}
