import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { sql } from 'kysely';
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

/** The advisory lock class of saves of the billing settings (the other half is 0). */
const BILLING_SAVES = 720_801;

/**
 * Saves the billing settings; `raw` may be partial (API PATCH): missing fields keep their values.
 * NOTE: saves take turns, each reading what is stored after the one before committed, so two
 * partial PATCHes at once keep both their fields. An advisory lock: the row may not exist yet.
 */
export async function saveBillingSettings(em: EntityManager, raw: Record<string, unknown>): Promise<BillingSettings> {
  return em.transactional(async (tx) => {
    await sql`select pg_advisory_xact_lock(${BILLING_SAVES}, 0)`.execute(db(tx));
    const input = parseInput(billingSettingsInput, { ...(await readBillingSettings(tx)), ...raw });
    await tx.upsert(Setting, { key: KEY, value: input });
    return input;
  });
}
