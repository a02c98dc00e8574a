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

function fieldSchema(f: FieldSpec): z.ZodType {
  const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
  let s: z.ZodType;
  switch (f.type) {
    case 'number': {
      let n = z.number({ error: `${f.label} must be a number.` }).int(`${f.label} must be a whole number.`);
      if (f.min !== undefined) n = n.min(f.min, `${f.label} must be at least ${f.min}.`);
      if (f.max !== undefined) n = n.max(f.max, `${f.label} must be at most ${f.max}.`);
      s = z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : blankToUndefined(v)), n);
      break;
    }
    case 'boolean':
      return z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
    case 'select':
      s = z.preprocess(blankToUndefined, z.enum(f.options as [string, ...string[]], { error: `Choose one of: ${(f.options ?? []).join(', ')}.` }));
      break;
    case 'url':
      s = z.preprocess(
        (v) => blankToUndefined(typeof v === 'string' ? v.trim() : v),
        z
          .string({ error: `${f.label} must be text.` })
          .max(f.maxLength ?? 2000, `${f.label} is too long.`)
          .refine((v) => {
            try {
              return ['http:', 'https:'].includes(new URL(v).protocol);
            } catch {
              return false;
            }
          }, `${f.label} must be an http(s) URL.`),
      );
      break;
    default:
      s = z.preprocess(
        (v) => blankToUndefined(typeof v === 'string' && f.type !== 'secret' ? v.trim() : v),
        z.string({ error: `${f.label} must be text.` }).max(f.maxLength ?? 2000, `${f.label} must be at most ${f.maxLength ?? 2000} characters.`),
      );
  }
  if (f.required) return z.preprocess((v) => (v === undefined && f.default !== undefined ? f.default : v), s.refine((v) => v !== undefined, `${f.label} is required.`)) as z.ZodType;
  return s.optional();
}

/** Unknown keys are dropped, so a form or API client cannot smuggle extra settings in. */
export function schemaFor(fields: readonly FieldSpec[]) {
  return z.object(Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)]))).transform((v) =>
    Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as FieldValues,
  );
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
