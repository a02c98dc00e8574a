import type { FieldSpec } from '../../src/modules/plugins/rules/field-spec.ts';
import { Checkbox, Field, Select, TextArea, type Errors } from './form.tsx';
import { formText } from './form-text.ts';

/** Renders a plugin's declared fields as form controls named `<group>[<key>]`. */
export function PluginFields(props: {
  fields: readonly FieldSpec[];
  group: string;
  values: Record<string, unknown>;
  errors?: Errors;
  secretsSet?: string[];
  /** The secrets a refused form had typed: never shown back, so each asks to be typed again. */
  retype?: readonly string[];
}) {
  const e = props.errors ?? {};
  return (
    <>
      {props.fields.map((f) => {
        const name = `${props.group}[${f.key}]`;
        const id = `${props.group}-${f.key}`;
        const error = e[`${props.group}.${f.key}`];
        const raw = props.values[f.key] ?? f.default;
        const value = formText(raw);
        const label = `${f.label}${f.required ? '' : ' (optional)'}`;
        switch (f.type) {
          case 'boolean':
            return (
              <Checkbox
                name={name}
                id={id}
                label={f.label}
                checked={raw === true || raw === 'true' || raw === '1'}
                hint={f.help}
                error={error}
              />
            );
          case 'select':
            return (
              <Select
                name={name}
                id={id}
                label={label}
                value={value}
                options={(f.options ?? []).map((o) => [o, o] as const)}
                blank={f.required ? undefined : '—'}
                hint={f.help}
                error={error}
              />
            );
          case 'textarea':
            return <TextArea name={name} id={id} label={label} value={value} hint={f.help} error={error} rows={3} />;
          case 'secret': {
            const set = props.secretsSet?.includes(f.key);
            // Left blank, a stored secret is kept: said, or fixing the refused field would keep the old one unseen.
            const again = props.retype?.includes(f.key)
              ? `Type it again: a secret is not shown back on the page${set ? ', and left blank the stored one is kept' : ''}.`
              : undefined;
            return (
              <Field
                name={name}
                id={id}
                label={label}
                type="password"
                value=""
                autocomplete="new-password"
                placeholder={set ? '•••••••• (stored; leave blank to keep)' : ''}
                hint={f.help}
                error={error ?? again}
              />
            );
          }
          case 'number':
            return (
              <Field name={name} id={id} label={label} type="number" value={value} min={f.min} max={f.max} hint={f.help} error={error} />
            );
          default:
            return (
              <Field
                name={name}
                id={id}
                label={label}
                type={f.type === 'url' ? 'url' : 'text'}
                value={value}
                maxlength={f.maxLength}
                hint={f.help}
                error={error}
              />
            );
        }
      })}
    </>
  );
}

/** The secrets among `sent` (a refused form's settings) that were typed, for PluginFields' `retype`. */
export function typedSecrets(fields: readonly FieldSpec[] | undefined, sent: Record<string, unknown>): string[] {
  return (fields ?? []).filter((f) => f.type === 'secret' && typeof sent[f.key] === 'string' && sent[f.key] !== '').map((f) => f.key);
}
