import type { EntityManager } from '@mikro-orm/postgresql';
import { Setting } from './settings.entities.ts';
import { BILLING_DEFAULTS, billingSettingsInput, type BillingSettings } from './settings.schemas.ts';
import { parseInput } from '../shared/validation.ts';

const KEY = 'billing';

export async function getBillingSettings(em: EntityManager): Promise<BillingSettings> {
  const row = await em.findOne(Setting, { key: KEY });
  return { ...BILLING_DEFAULTS, ...((row?.value as Partial<BillingSettings>) ?? {}) };
}

export async function saveBillingSettings(em: EntityManager, raw: Record<string, unknown>): Promise<BillingSettings> {
  const input = parseInput(billingSettingsInput, { ...(await getBillingSettings(em)), ...raw });
  await em.upsert(Setting, { key: KEY, value: input });
  return input;
}
