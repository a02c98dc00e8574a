import { tm } from '../../src/i18n/locale.ts';
// A group of radio buttons with its legend and the refusal under it: the store's choices and the
// change-package panel share it.

export interface Radio {
  id: string;
  value: string;
  label: string;
  extra?: string;
  /** Not offered (e.g. an option with no price for the pricing option chosen). */
  disabled?: boolean;
}

export function RadioGroup(props: { name: string; field: string; legend: string; radios: Radio[]; checked: string; error?: string }) {
  const errorId = `f-${props.field}-error`;
  return (
    <fieldset class={`choice-group${props.error ? ' has-error' : ''}`} aria-describedby={props.error ? errorId : undefined}>
      <legend>{props.legend}</legend>
      {props.radios.map((r) => (
        <div class="choice">
          <input
            type="radio"
            id={r.id}
            name={props.name}
            value={r.value}
            checked={r.value === props.checked}
            disabled={r.disabled}
            aria-invalid={props.error ? 'true' : undefined}
          />
          <label for={r.id}>
            {r.label}
            {r.extra && <span class="muted small"> · {r.extra}</span>}
          </label>
        </div>
      ))}
      {props.error && (
        <p class="error" id={errorId} role="alert">
          {tm(props.error)}
        </p>
      )}
    </fieldset>
  );
}
