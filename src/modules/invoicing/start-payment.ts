import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../shared/errors.ts';
import { gatewayFor, type GatewayPolicy, type StartResult } from './gateways.ts';

/** A client chose a gateway on their invoice: pay now (credit) or go to its hosted page (test). */
export async function startPayment(em: EntityManager, clientId: number, invoiceId: number, gatewayKey: string, now: Date, policy: GatewayPolicy): Promise<StartResult> {
  const gateway = gatewayFor(gatewayKey, policy);
  if (!gateway.start) throw new NotFound('That payment method');
  return gateway.start(em, clientId, invoiceId, now);
}
