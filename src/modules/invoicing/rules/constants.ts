/** `free`: a zero total, paid at once. */
export const GATEWAYS = ['credit', 'manual', 'test', 'free'] as const;
export type GatewayKey = (typeof GATEWAYS)[number];
