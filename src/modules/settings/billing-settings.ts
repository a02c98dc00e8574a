import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Setting } from './settings.entities.ts';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';
import { BILLING_DEFAULTS, billingSettingsInput, type BillingSettings } from './settings.schemas.ts';
import { parseInput } from '../shared/validation.ts';

const KEY = 'billing';

/** What is stored, field by field: a field missing or malformed there reads as its default. */
const stored = z.object(billingSettingsInput.shape).partial();

async function readBillingSettings(em: EntityManager): Promise<BillingSettings> {
  const row = await db(em).selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const parsed = stored.safeParse(row?.value ?? {});
  return { ...BILLING_DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

/**
 * Read on every checkout and billing run; cached, and dropped when the setting table changes.
 * `fresh` reads the row itself: the settings form shows (and saves over) what is stored, not
 * what a web process heard of last.
 */
export function getBillingSettings(em: EntityManager, opts: { fresh?: boolean } = {}): Promise<BillingSettings> {
  return opts.fresh ? readBillingSettings(em) : cached(em, 'billing-settings', ['setting'], () => readBillingSettings(em));
}

export async function saveBillingSettings(em: EntityManager, raw: Record<string, unknown>): Promise<BillingSettings> {
  const input = parseInput(billingSettingsInput, { ...(await getBillingSettings(em, { fresh: true })), ...raw });
  await em.upsert(Setting, { key: KEY, value: input });
  return input;
}
