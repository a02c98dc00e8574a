import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { fieldValues, type FieldValues } from '../plugins/rules/field-spec.ts';
import { open } from '../shared/secret-box.ts';
import type { GatewayEnv, PaymentGateway } from './gateway.ts';
import { findGateway } from './registry.ts';

export interface GatewayConfig {
  gateway: PaymentGateway;
  enabled: boolean;
  position: number;
  /** Empty: every currency. */
  currencies: string[];
  /** Plain and secret settings together: only ever held in memory. */
  settings: FieldValues;
  /** Which secret settings are stored (staff see "saved", never the value). */
  savedSecrets: string[];
}

/** Every installed gateway's configuration, in the order clients see them. */
export async function loadGatewayConfigs(em: EntityManager, appSecret: string): Promise<GatewayConfig[]> {
  const rows = await db(em).selectFrom('payment_gateway').selectAll().orderBy('position').orderBy('key').execute();
  const out: GatewayConfig[] = [];
  for (const row of rows) {
    const gateway = findGateway(row.key);
    if (!gateway) continue;
    const secrets = row.secrets ? fieldValues(JSON.parse(open(row.secrets, appSecret)) as Record<string, unknown>) : {};
    out.push({
      gateway,
      enabled: row.enabled,
      position: row.position,
      currencies: row.currencies,
      settings: { ...fieldValues(row.settings), ...secrets },
      savedSecrets: Object.keys(secrets),
    });
  }
  return out;
}

export async function loadGatewayConfig(em: EntityManager, key: string, appSecret: string): Promise<GatewayConfig | undefined> {
  return (await loadGatewayConfigs(em, appSecret)).find((g) => g.gateway.key === key);
}

/** The gateways a client may use on this invoice: enabled, available here, taking its currency. */
export function usableFor(
  configs: GatewayConfig[],
  invoice: { orderId: number | null; currency: string },
  env: GatewayEnv,
): GatewayConfig[] {
  return configs.filter(
    (c) =>
      c.enabled &&
      (c.gateway.available?.(env) ?? true) &&
      (c.gateway.accepts?.(invoice) ?? true) &&
      (c.currencies.length === 0 || c.currencies.includes(invoice.currency)),
  );
}
