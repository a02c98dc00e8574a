// One-use password links: a reset (asked for by the client) and a first set-up (staff created
// the account). Only the token's SHA-256 is stored; the link carries the token itself.

export const TOKEN_PURPOSES = ['reset', 'set'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** How long each kind of link works. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  reset: 3600_000,
  set: 7 * 86_400_000,
};

/** At most this many reset emails per account per hour; more requests are answered the same but send nothing. */
export const RESET_REQUESTS_PER_HOUR = 3;

export function tokenExpiry(purpose: TokenPurpose, now: Date): Date {
  return new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]);
}

/** Why a stored token can no longer be used, as a sentence for the page; null when it still works. */
export function tokenProblem(token: { usedAt?: Date | null; expiresAt: Date } | null, now: Date): string | null {
  if (!token) return 'That link is not valid. Ask for a new one below.';
  if (token.usedAt) return 'That link has already been used. Ask for a new one below.';
  // NOTE: the expiry instant itself is already too late, so "valid 1 hour" never means 1 hour and 1 ms.
  if (token.expiresAt.getTime() <= now.getTime()) return 'That link has expired. Ask for a new one below.';
  return null;
}

/** `/account/reset-password?token=...` under the public base URL (no trailing slash doubled). */
export function passwordLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/account/reset-password?token=${encodeURIComponent(token)}`;
}
