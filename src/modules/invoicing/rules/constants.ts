/** `free`: a zero total, paid at once. */
export const GATEWAYS = ['credit', 'manual', 'test', 'stripe', 'free'] as const;
export type GatewayKey = (typeof GATEWAYS)[number];
