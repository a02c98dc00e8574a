import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { parseSettings, settingsError } from '../plugins/rules/parse-settings.ts';
import { listCurrencyCodes } from '../settings/list-currency-codes.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { seal } from '../shared/secret-box.ts';
import { parseInput } from '../shared/validation.ts';
import { bool } from '../shared/fields.ts';
import { loadGatewayConfig } from './load-gateways.ts';

export const gatewaySettingsInput = z.object({
  // NOTE: junk ('yes') is refused, not read as off: a typo must not take a way to pay away unnoticed.
  enabled: bool,
  currencies: z.preprocess(
    (v): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(
        z
          .string({ error: 'Currencies must be codes like EUR.' })
          .trim()
          .toUpperCase()
          .regex(/^[A-Z]{3}$/, 'Currencies must be codes like EUR.'),
      )
      .max(50),
  ),
  /** The gateway's own settings (its `settingsFields`); a secret left blank keeps the stored one. */
  settings: z.record(z.string(), z.unknown()).default({}),
});

/**
 * Staff save a gateway's configuration: its settings checked against its fields and its own
 * rules, its currencies against the store's; secret settings sealed with APP_SECRET.
 */
export async function saveGatewaySettings(em: EntityManager, key: string, raw: unknown, appSecret: string): Promise<void> {
  const existing = await loadGatewayConfig(em, key, appSecret);
  if (!existing) throw new NotFound('That payment gateway');
  const parsed = parseInput(gatewaySettingsInput, raw);
  const { values, plain, secrets } = parseSettings(existing.gateway.settingsFields, parsed.settings, existing.settings);
  const problems = existing.gateway.check?.(values) ?? {};
  if (Object.keys(problems).length) throw settingsError(problems);
  const known = new Set(await listCurrencyCodes(em));
  const unknown = parsed.currencies.find((c) => !known.has(c));
  if (unknown) throw new DomainError(`${unknown} is not one of the store's currencies.`, 'currencies');
  await db(em)
    .updateTable('payment_gateway')
    .set({
      enabled: parsed.enabled,
      currencies: JSON.stringify([...new Set(parsed.currencies)]) as unknown as string[],
      settings: JSON.stringify(plain) as unknown as Record<string, unknown>,
      secrets: Object.keys(secrets).length ? seal(JSON.stringify(secrets), appSecret) : '',
      updated_at: new Date(),
    })
    .where('key', '=', key)
    .execute();
}
