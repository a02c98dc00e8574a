import { tm } from '../../src/i18n/locale.ts';
import type { Child } from 'hono/jsx';

export interface ChecklistItem {
  id: number;
  label: string;
  /** Shown muted after the label (e.g. the package's catalog). */
  note?: string;
  /** A package status other than visible is shown as a badge. */
  status?: string;
}

/**
 * A fieldset of checkboxes posting `<name>[]` ids. The hidden blank value makes "none ticked"
 * arrive as an empty list instead of leaving the field out (which would keep what is stored).
 */
export function Checklist(props: {
  name: string;
  legend: string;
  hint?: Child;
  items: ChecklistItem[];
  chosen: Iterable<number>;
  idPrefix: string;
  empty: Child;
  disabled?: boolean;
  error?: string;
}) {
  const chosen = new Set(props.chosen);
  const errorId = `${props.idPrefix}-error`;
  return (
    <fieldset disabled={props.disabled} aria-describedby={props.error ? errorId : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      {props.error && (
        <p class="error" id={errorId} role="alert">
          {tm(props.error)}
        </p>
      )}
      <input type="hidden" name={`${props.name}[]`} value="" />
      {props.items.length === 0 && <p class="muted">{props.empty}</p>}
      <ul class="checklist">
        {props.items.map((item) => (
          <li>
            <input
              type="checkbox"
              id={`${props.idPrefix}-${item.id}`}
              name={`${props.name}[]`}
              value={String(item.id)}
              checked={chosen.has(item.id)}
            />
            <label for={`${props.idPrefix}-${item.id}`}>
              {item.label} {item.note && <span class="muted small">{item.note}</span>}{' '}
              {item.status && item.status !== 'visible' && <span class={`badge status-${item.status}`}>{item.status}</span>}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
