import { fieldValues } from './rules/field-spec.ts';
import type { InstanceConfig } from './plugin.ts';
import { open } from '../shared/secret-box.ts';

/** Decrypts an instance's secrets into the settings a plugin call needs. */
export function instanceConfig(
  row: { id: number; name: string; settings: Record<string, unknown>; secrets: string },
  appSecret: string,
): InstanceConfig {
  const secrets = row.secrets ? fieldValues(JSON.parse(open(row.secrets, appSecret)) as Record<string, unknown>) : {};
  return { id: row.id, name: row.name, settings: { ...fieldValues(row.settings), ...secrets } };
}
