import type { PaymentGateway } from './gateway.ts';
import { creditGateway } from './gateways/credit.ts';
import { manualGateway } from './gateways/manual.ts';
import { testGateway } from './gateways/test.ts';
import { stripeGateway } from './stripe/stripe-gateway.ts';

// NOTE: dispatch is by this typed list, not by loading whatever module a string names. A new
// gateway is one more entry here and a payment_gateway row (its migration) to configure it.
const gateways: readonly PaymentGateway[] = [creditGateway, stripeGateway, manualGateway, testGateway];

export function listGateways(): readonly PaymentGateway[] {
  return gateways;
}

export function findGateway(key: string): PaymentGateway | undefined {
  return gateways.find((g) => g.key === key);
}
