import type { EntityManager } from '@mikro-orm/postgresql';
import { Setting } from './settings.entities.ts';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';

const KEY = 'security';

export interface SecuritySettings {
  /** Every staff member must turn on two-factor sign-in before they can use the admin. */
  requireTwoFactor: boolean;
}

async function read(em: EntityManager): Promise<SecuritySettings> {
  const row = await db(em).selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const value = (row?.value ?? {}) as Partial<SecuritySettings>;
  return { requireTwoFactor: value.requireTwoFactor === true };
}

/** Read on every admin request; cached, and dropped when the setting table changes. */
export function getSecuritySettings(em: EntityManager, opts: { fresh?: boolean } = {}): Promise<SecuritySettings> {
  return opts.fresh ? read(em) : cached(em, 'security-settings', ['setting'], () => read(em));
}

export async function saveSecuritySettings(em: EntityManager, input: SecuritySettings): Promise<void> {
  await em.upsert(Setting, { key: KEY, value: { requireTwoFactor: input.requireTwoFactor } });
}
