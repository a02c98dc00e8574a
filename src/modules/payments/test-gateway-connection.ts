import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../shared/errors.ts';
import type { GatewayEnv } from './gateway.ts';
import { loadGatewayConfig } from './load-gateways.ts';

/** Staff check the saved settings against the gateway ("test connection"). */
export async function testGatewayConnection(
  em: EntityManager,
  key: string,
  env: GatewayEnv,
  appSecret: string,
): Promise<{ ok: boolean; message: string }> {
  const config = await loadGatewayConfig(em, key, appSecret);
  if (!config) throw new NotFound('That payment gateway');
  if (!config.gateway.testConnection) return { ok: true, message: `${config.gateway.label} needs no connection.` };
  return config.gateway.testConnection(config.settings, env);
}
