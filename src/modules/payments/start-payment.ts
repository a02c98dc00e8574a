import type { EntityManager } from '@mikro-orm/postgresql';
import { loadInvoice } from '../invoicing/load-invoice.ts';
import { NotFound } from '../shared/errors.ts';
import type { GatewayEnv, StartResult } from './gateway.ts';
import { loadGatewayConfigs, usableFor } from './load-gateways.ts';

/** A client chose a gateway on their invoice: pay now (credit) or go to its hosted page. */
export async function startPayment(
  em: EntityManager,
  input: { clientId: number; invoiceId: number; gatewayKey: string; form: Record<string, string>; now: Date },
  env: GatewayEnv,
  appSecret: string,
): Promise<StartResult> {
  const invoice = await loadInvoice(em, input.invoiceId, input.clientId);
  const config = usableFor(await loadGatewayConfigs(em, appSecret), invoice, env).find((c) => c.gateway.key === input.gatewayKey);
  if (!config?.gateway.start) throw new NotFound('That payment method');
  return config.gateway.start(em, {
    clientId: input.clientId,
    invoiceId: invoice.id,
    now: input.now,
    env,
    settings: config.settings,
    form: input.form,
  });
}
