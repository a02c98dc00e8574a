import type { Child } from 'hono/jsx';
import { tm } from '../../src/i18n/locale.ts';

// Every control has a visible <label for>, and its error sits right under it, tied by aria-describedby.
// An error from a module is shown in the page's language where the messages file has it (tm).

export type Errors = Record<string, string>;
type Value = string | number | null | undefined;

const idFor = (name: string, prefix = 'f') => `${prefix}-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

function Described(props: { id: string; error?: string; hint?: string }) {
  return (
    <>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`} role="alert">
          {tm(props.error)}
        </p>
      )}
    </>
  );
}

const describedBy = (id: string, error?: string, hint?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

export function Field(props: {
  name: string;
  label: string;
  value?: Value;
  type?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  id?: string;
  prefix?: string;
  placeholder?: string;
  inputmode?: 'text' | 'email' | 'search' | 'tel' | 'url' | 'decimal' | 'numeric' | 'none';
  maxlength?: number;
  min?: number;
  max?: number;
  step?: string;
  list?: string;
  autocomplete?: string;
  class?: string;
  disabled?: boolean;
  extra?: Record<string, string>;
}) {
  const id = props.id ?? idFor(props.name, props.prefix);
  return (
    <div class={`field ${props.class ?? ''}${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value === null || props.value === undefined ? '' : String(props.value)}
        required={props.required}
        placeholder={props.placeholder}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        min={props.min}
        max={props.max}
        step={props.step}
        list={props.list}
        autocomplete={props.autocomplete}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint)}
        {...(props.extra ?? {})}
      />
      <Described id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  rows?: number;
  id?: string;
  prefix?: string;
  class?: string;
  extra?: Record<string, string>;
}) {
  const id = props.id ?? idFor(props.name, props.prefix);
  return (
    <div class={`field ${props.class ?? ''}${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint)}
        {...(props.extra ?? {})}
      >
        {props.value ?? ''}
      </textarea>
      <Described id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  value?: Value;
  options: readonly (readonly [string, string])[];
  error?: string;
  hint?: string;
  id?: string;
  prefix?: string;
  class?: string;
  blank?: string;
  extra?: Record<string, string>;
}) {
  const id = props.id ?? idFor(props.name, props.prefix);
  const current = props.value === null || props.value === undefined ? '' : String(props.value);
  return (
    <div class={`field ${props.class ?? ''}${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.error, props.hint)}
        {...(props.extra ?? {})}
      >
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === current}>
            {label}
          </option>
        ))}
      </select>
      <Described id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

/**
 * Whether a box's value says "ticked": a stored boolean, or what a form sent ('1', 'on', 'true').
 * NOTE: a form shown again with what was sent (after a refusal) holds the hidden input's "0" for
 * a box left unticked, which as a plain truthy string ticked it again.
 */
export const isTicked = (v: unknown): boolean => v === true || v === '1' || v === 'on' || v === 'true';

/** A hidden "0" before the box, so an unticked box still says "no". */
export function Checkbox(props: {
  name: string;
  label: string;
  /** A boolean, or the form's own value when it is shown again (isTicked). */
  checked?: boolean | string | null;
  error?: string;
  hint?: string;
  id?: string;
  prefix?: string;
  class?: string;
}) {
  const id = props.id ?? idFor(props.name, props.prefix);
  return (
    <div class={`field checkbox ${props.class ?? ''}${props.error ? ' has-error' : ''}`}>
      <input type="hidden" name={props.name} value="0" />
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value="1"
        checked={isTicked(props.checked)}
        aria-describedby={describedBy(id, props.error, props.hint)}
      />
      <label for={id}>{props.label}</label>
      <Described id={id} error={props.error} hint={props.hint} />
    </div>
  );
}

export function Csrf(props: { token: string | null }) {
  return <input type="hidden" name="_csrf" value={props.token ?? ''} />;
}

export function FormErrors(props: { errors?: Errors; known?: readonly string[] }) {
  const errors = props.errors ?? {};
  const loose = Object.entries(errors).filter(([k]) => !(props.known ?? []).includes(k));
  if (!loose.length) return null;
  return (
    <div class="notice error" role="alert">
      {loose.map(([, v]) => (
        <p>{tm(v)}</p>
      ))}
    </div>
  );
}

export function Notice(props: { kind?: 'ok' | 'warn' | 'error' | 'info'; children?: Child }) {
  return (
    <div class={`notice ${props.kind ?? 'info'}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}
