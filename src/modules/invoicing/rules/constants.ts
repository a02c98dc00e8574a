export const INVOICE_STATUSES = ['draft', 'unpaid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** `free`: a zero total, paid at once. */
export const GATEWAYS = ['credit', 'manual', 'test', 'free'] as const;
export type GatewayKey = (typeof GATEWAYS)[number];
