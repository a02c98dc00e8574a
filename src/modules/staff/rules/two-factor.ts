import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

// Two-factor sign-in with time-based one-time passwords (RFC 6238, as authenticator apps make
// them: SHA-1, 6 digits, 30-second steps), and recovery codes for a lost phone.

export const TOTP_PERIOD_SECONDS = 30;
/** A code of the step before or after now is taken too: phone clocks drift, people type slowly. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

/** A new secret, as the base32 text an authenticator app is given. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = 'staff', issuer = 'HostBill'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// address the enrolment QR code carries. */
export function totpUri(secretBase32: string, email: string, issuer: string): string {
  return totp(secretBase32, email, issuer).toString();
}

/** The code an authenticator shows at `now` (tests and the seeder use it; sign-in never needs it). */
export function totpCode(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

/** Digits only: "123 456" and "123-456" are what people type. */
export function normaliseCode(raw: unknown): string {
  return typeof raw === 'string' ? raw.replace(/[\s-]/g, '').slice(0, 40) : '';
}

/**
 * The time step a code belongs to, when it is right for `now` (give or take one step); null
 * when it is wrong. The caller accepts it only for a step later than the last one accepted.
 */
export function totpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** Ten codes like "k7m2-x9qp-4hds", each good for one sign-in; only their hashes are stored. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** A recovery code as typed ("K7M2 X9QP 4HDS") in the form it was hashed in ("k7m2-x9qp-4hds"). */
export function normaliseRecoveryCode(raw: unknown): string | null {
  const chars = typeof raw === 'string' ? raw.toLowerCase().replace(/[^a-z0-9]/g, '') : '';
  return chars.length === 12 ? `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}` : null;
}
