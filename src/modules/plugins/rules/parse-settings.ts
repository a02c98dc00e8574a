import { DomainError } from '../../shared/errors.ts';
import { fieldErrors } from '../../shared/validation.ts';
import { schemaFor, splitSecrets, type FieldSpec, type FieldValues } from './field-spec.ts';

/** Field errors named as the forms name them: `settings.<key>`. */
export function settingsError(errors: Record<string, string>): DomainError {
  return DomainError.fromFields(Object.fromEntries(Object.entries(errors).map(([k, v]) => [`settings.${k}`, v])));
}

/**
 * Settings staff sent for a plugin instance or a payment gateway, checked against its fields.
 * NOTE: a secret left blank keeps the stored one (`kept`), so staff never retype it; the result
 * is split into the plain part and the secrets to seal.
 */
export function parseSettings(
  fields: readonly FieldSpec[],
  raw: Readonly<Record<string, unknown>>,
  kept: FieldValues,
): { values: FieldValues; plain: FieldValues; secrets: FieldValues } {
  const merged: Record<string, unknown> = { ...raw };
  for (const f of fields) {
    if (f.type === 'secret' && (merged[f.key] === undefined || merged[f.key] === '') && kept[f.key] !== undefined)
      merged[f.key] = kept[f.key];
  }
  const parsed = schemaFor(fields).safeParse(merged);
  if (!parsed.success) throw settingsError(fieldErrors(parsed.error));
  return { values: parsed.data, ...splitSecrets(fields, parsed.data) };
}
