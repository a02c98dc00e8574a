import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldSpec } from '../plugins/rules/field-spec.ts';
import type { GatewayEnv } from './gateway.ts';
import { loadGatewayConfigs } from './load-gateways.ts';

export interface GatewaySummary {
  key: string;
  label: string;
  description: string;
  enabled: boolean;
  currencies: string[];
  mode: string | null;
  unavailable: string | null;
  settingsFields: readonly FieldSpec[];
  /** Plain settings only: secrets never leave the server, staff see which are stored. */
  settings: Record<string, unknown>;
  savedSecrets: string[];
}

/** Every gateway as staff see it, in the order clients do. */
export async function listGateways(em: EntityManager, env: GatewayEnv, appSecret: string): Promise<GatewaySummary[]> {
  return (await loadGatewayConfigs(em, appSecret)).map((c) => {
    const secret = new Set(c.gateway.settingsFields.filter((f) => f.type === 'secret').map((f) => f.key));
    return {
      key: c.gateway.key,
      label: c.gateway.label,
      description: c.gateway.description,
      enabled: c.enabled,
      currencies: c.currencies,
      mode: c.gateway.mode?.(c.settings) ?? null,
      unavailable:
        c.gateway.available && !c.gateway.available(env)
          ? 'Not offered by this installation (the test gateway is off in production unless TEST_GATEWAY=on).'
          : null,
      settingsFields: c.gateway.settingsFields,
      settings: Object.fromEntries(Object.entries(c.settings).filter(([k]) => !secret.has(k))),
      savedSecrets: c.savedSecrets,
    };
  });
}
