/**
 * Freezes a value and everything inside it, for an object one cache hands to every caller: a
 * caller changing it by mistake throws (modules run in strict mode) instead of changing it for
 * every request after.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
