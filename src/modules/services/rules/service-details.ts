// What a provisioning plugin returned for a service (its plugin_data), as the client's service
// page lists it: each value under a readable label, secrets held back until asked for. Pure.

/** What a plugin says about one of the values it returns (its `tags`). */
export interface DeclaredDetail {
  name: string;
  label?: string;
  secret?: boolean;
}

export interface ServiceDetailRow {
  key: string;
  label: string;
  secret: boolean;
  /** Null for a secret: the page only ever gets it on request. */
  value: string | null;
}

// NOTE: matched against whole words of the key, so "api_key" and "rootPassword" are secret but
// "monkey" or "keyboard_layout" are not.
const SECRET_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'key', 'apikey', 'pin', 'passphrase']);
const SPELLED: Record<string, string> = {
  ipv4: 'IPv4',
  ipv6: 'IPv6',
  ...Object.fromEntries(['ip', 'url', 'ssh', 'ftp', 'dns', 'db', 'id', 'api', 'vnc', 'cpu', 'ram', 'os'].map((w) => [w, w.toUpperCase()])),
};

/** A key's words: "webhook.rootPassword" → ["root", "password"]; the plugin's prefix is dropped, and anything but letters and digits parts words. */
function wordsOf(key: string): string[] {
  const last = key.slice(key.lastIndexOf('.') + 1);
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function looksSecret(key: string): boolean {
  return wordsOf(key).some((w) => SECRET_WORDS.has(w));
}

/** "webhook.panel_url" → "Panel URL". */
export function humaniseKey(key: string): string {
  const words = wordsOf(key).map((w) => (Object.hasOwn(SPELLED, w) ? SPELLED[w]! : w));
  if (!words.length) return key;
  const [first, ...rest] = words;
  return [first!.charAt(0).toUpperCase() + first!.slice(1), ...rest].join(' ');
}

export function isSecretDetail(key: string, declared: readonly DeclaredDetail[]): boolean {
  return declared.find((d) => d.name === key)?.secret === true || looksSecret(key);
}

/** The rows in the order the plugin declares them, then the rest by key; empty values left out. */
export function serviceDetails(data: Record<string, string>, declared: readonly DeclaredDetail[]): ServiceDetailRow[] {
  const order = new Map(declared.map((d, i) => [d.name, i]));
  const keys = Object.keys(data)
    .filter((k) => data[k] !== '')
    .sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  return keys.map((key) => {
    const secret = isSecretDetail(key, declared);
    return { key, label: declared.find((d) => d.name === key)?.label ?? humaniseKey(key), secret, value: secret ? null : data[key]! };
  });
}
