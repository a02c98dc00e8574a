import { z } from 'zod';

// A plugin declares its settings as field specs; the admin form is rendered from them and
// input is validated against the zod schema built from them.

export type FieldType = 'text' | 'url' | 'secret' | 'number' | 'boolean' | 'select' | 'textarea';

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  help?: string;
  options?: readonly string[];
  default?: string | number | boolean;
  min?: number;
  max?: number;
  maxLength?: number;
}

export type FieldValues = Record<string, string | number | boolean>;

const blank = (v: unknown) => v === '' || v === null || v === undefined;

/** What a present value must look like, per field type. */
function innerSchema(f: FieldSpec): z.ZodType {
  switch (f.type) {
    case 'number': {
      let n = z.number({ error: `${f.label} must be a number.` }).int(`${f.label} must be a whole number.`);
      if (f.min !== undefined) n = n.min(f.min, `${f.label} must be at least ${f.min}.`);
      if (f.max !== undefined) n = n.max(f.max, `${f.label} must be at most ${f.max}.`);
      return n;
    }
    case 'select':
      return z.enum(f.options as [string, ...string[]], { error: `Choose one of: ${(f.options ?? []).join(', ')}.` });
    case 'url':
      return z
        .string({ error: `${f.label} must be text.` })
        .max(f.maxLength ?? 2000, `${f.label} is too long.`)
        .refine((v) => {
          try {
            return ['http:', 'https:'].includes(new URL(v).protocol);
          } catch {
            return false;
          }
        }, `${f.label} must be an http(s) URL.`);
    default:
      return z
        .string({ error: `${f.label} must be text.` })
        .max(f.maxLength ?? 2000, `${f.label} must be at most ${f.maxLength ?? 2000} characters.`);
  }
}

/** Form values arrive as strings: trim them (not secrets), read numbers, and treat blank as missing. */
function normalize(f: FieldSpec, v: unknown): unknown {
  if (typeof v === 'string' && f.type !== 'secret') v = v.trim();
  if (f.type === 'number' && typeof v === 'string' && /^-?\d+$/.test(v)) v = Number(v);
  if (blank(v)) return f.default;
  return v;
}

function fieldSchema(f: FieldSpec): z.ZodType {
  if (f.type === 'boolean') return z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
  const inner = innerSchema(f).optional();
  return z.preprocess((v) => normalize(f, v), f.required ? inner.refine((v) => v !== undefined, `${f.label} is required.`) : inner);
}

/** Unknown keys are dropped, so a form or API client cannot smuggle extra settings in. */
export function schemaFor(fields: readonly FieldSpec[]) {
  // NOTE: every declared key is set (maybe to undefined) before parsing: zod skips absent
  // optional keys entirely, and defaults must still apply to them.
  const withAllKeys = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(fields.map((f) => [f.key, (v as Record<string, unknown>)[f.key]]))
      : v;
  return z
    .preprocess(withAllKeys, z.object(Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)]))))
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as FieldValues);
}

/** Secret fields are stored encrypted apart from the plain settings. */
export function splitSecrets(fields: readonly FieldSpec[], values: FieldValues) {
  const secrets: FieldValues = {};
  const plain: FieldValues = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined) continue;
    (f.type === 'secret' ? secrets : plain)[f.key] = v;
  }
  return { plain, secrets };
}

/** Stored plugin settings or options (json) as field values: only strings, numbers and booleans count. */
export function fieldValues(raw: Readonly<Record<string, unknown>> | null | undefined): FieldValues {
  const out: FieldValues = {};
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}
