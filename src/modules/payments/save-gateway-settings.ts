import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { schemaFor, splitSecrets } from '../plugins/rules/field-spec.ts';
import { listCurrencyCodes } from '../settings/list-currency-codes.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { seal } from '../shared/secret-box.ts';
import { fieldErrors, parseInput } from '../shared/validation.ts';
import { loadGatewayConfig } from './load-gateways.ts';

export const gatewaySettingsInput = z.object({
  enabled: z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean()),
  currencies: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string({ error: 'Currencies must be codes like EUR.' }).trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Currencies must be codes like EUR.')).max(50)),
  /** The gateway's own settings (its `settingsFields`); a secret left blank keeps the stored one. */
  settings: z.record(z.string(), z.unknown()).default({}),
});

/**
 * Staff save a gateway's configuration. Secret settings are sealed with APP_SECRET; a blank
 * secret keeps the stored one, so staff never retype it. A gateway cannot be enabled while a
 * required setting is missing.
 */
export async function saveGatewaySettings(em: EntityManager, key: string, raw: unknown, appSecret: string): Promise<void> {
  const existing = await loadGatewayConfig(em, key, appSecret);
  if (!existing) throw new NotFound('That payment gateway');
  const parsed = parseInput(gatewaySettingsInput, raw);
  const fields = existing.gateway.settingsFields;
  const merged: Record<string, unknown> = { ...parsed.settings };
  for (const f of fields) {
    if (f.type === 'secret' && (merged[f.key] === undefined || merged[f.key] === '') && existing.settings[f.key] !== undefined) merged[f.key] = existing.settings[f.key];
  }
  const checked = schemaFor(fields).safeParse(merged);
  if (!checked.success) throw DomainError.fromFields(Object.fromEntries(Object.entries(fieldErrors(checked.error)).map(([k, v]) => [`settings.${k}`, v])));
  const problems = existing.gateway.check?.(checked.data) ?? {};
  if (Object.keys(problems).length) throw DomainError.fromFields(Object.fromEntries(Object.entries(problems).map(([k, v]) => [`settings.${k}`, v])));
  const known = new Set(await listCurrencyCodes(em));
  const unknown = parsed.currencies.find((c) => !known.has(c));
  if (unknown) throw new DomainError(`${unknown} is not one of the store's currencies.`, 'currencies');
  const { plain, secrets } = splitSecrets(fields, checked.data);
  await db(em)
    .updateTable('payment_gateway')
    .set({ enabled: parsed.enabled, currencies: JSON.stringify([...new Set(parsed.currencies)]) as unknown as string[], settings: JSON.stringify(plain) as unknown as Record<string, unknown>, secrets: Object.keys(secrets).length ? seal(JSON.stringify(secrets), appSecret) : '', updated_at: new Date() })
    .where('key', '=', key)
    .execute();
}
