import { loadConfig } from '../../config.ts';

let fromEnv: string | undefined;

/**
 * Where links in billing messages point: PUBLIC_URL, read from the environment once (never from
 * a request's Host header). A caller that holds the process's parsed config passes its own.
 */
export function publicUrl(given?: string): string {
  if (given) return given.replace(/\/+$/, '');
  fromEnv ??= loadConfig().PUBLIC_URL;
  return fromEnv;
}

export const invoiceUrl = (base: string, invoiceId: number) => `${base}/account/invoices/${invoiceId}`;
