/** A parsed form value: what Stripe's own parser makes of `a[b][0][c]=v` pairs. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

// Keys that would reach Object.prototype if assigned on a plain object.
const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** `a[b][0]` -> ['a', 'b', '0']; `expand[]` -> ['expand', ''] (an append). */
function pathOf(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  const rest = key.slice(open);
  for (const m of rest.matchAll(/\[([^\]]*)\]/g)) path.push(m[1] ?? '');
  return path;
}

type Tree = { [key: string]: Tree | string };

/** Indexed children become arrays once the whole body is read, so `a[1]` before `a[0]` still works. */
function finish(node: Tree | string): FormValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const entries = keys.map((k) => [k, finish(node[k]!)] as const);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

export function parseForm(body: string): FormObject {
  const root: Tree = {};
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const path = pathOf(key);
    if (path.some((p) => UNSAFE.has(p))) continue;
    let node = root;
    for (let i = 0; i < path.length; i++) {
      let seg = path[i]!;
      if (seg === '') seg = String(Object.keys(node).length);
      if (i === path.length - 1) {
        node[seg] = value;
      } else {
        const next = node[seg];
        if (typeof next === 'object') node = next;
        else node = node[seg] = {};
      }
    }
  }
  return finish(root) as FormObject;
}

// Readers that keep the handlers short; every value on the wire is a string.
export const str = (v: FormValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
export const obj = (v: FormValue | undefined): FormObject | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
export const list = (v: FormValue | undefined): FormValue[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []);
export const bool = (v: FormValue | undefined): boolean => v === 'true';
export function strings(v: FormValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v) ?? {})) if (typeof x === 'string') out[k] = x;
  return out;
}
