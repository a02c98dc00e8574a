import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Setting } from './settings.entities.ts';
import { BILLING_DEFAULTS, billingSettingsInput, type BillingSettings } from './settings.schemas.ts';
import { parseInput } from '../shared/validation.ts';

const KEY = 'billing';

/** What is stored, field by field: a field missing or malformed there reads as its default. */
const stored = z.object(billingSettingsInput.shape).partial();

export async function getBillingSettings(em: EntityManager): Promise<BillingSettings> {
  const row = await em.findOne(Setting, { key: KEY });
  const parsed = stored.safeParse(row?.value ?? {});
  return { ...BILLING_DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

export async function saveBillingSettings(em: EntityManager, raw: Record<string, unknown>): Promise<BillingSettings> {
  const input = parseInput(billingSettingsInput, { ...(await getBillingSettings(em)), ...raw });
  await em.upsert(Setting, { key: KEY, value: input });
  return input;
}
