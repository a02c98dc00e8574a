/**
 * A value as an input shows it: text as typed, a number or a tick as written, and nothing for
 * anything else (a missing field, or junk that was posted in place of a value).
 */
export function formText(v: unknown): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : '';
}
