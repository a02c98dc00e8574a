import { createHmac } from 'node:crypto';
import { safeEqual } from '../../shared/tokens.ts';

// Between a right password and a right code, the browser holds this: who passed the password and
// until when, signed with APP_SECRET. It opens nothing by itself; with it, a code can be tried.

export const CHALLENGE_MINUTES = 5;

const sign = (body: string, appSecret: string) =>
  createHmac('sha256', appSecret).update(`staff-sign-in-challenge:${body}`).digest('base64url');

export function signInChallenge(staffId: number, now: Date, appSecret: string): string {
  const body = `${staffId}.${now.getTime() + CHALLENGE_MINUTES * 60_000}`;
  return `${body}.${sign(body, appSecret)}`;
}

/** The staff member a challenge is for, while it is unexpired and unforged; null otherwise. */
export function readSignInChallenge(token: string | undefined, now: Date, appSecret: string): number | null {
  const m = token ? /^(\d{1,10})\.(\d{1,15})\.([\w-]{43})$/.exec(token) : null;
  if (!m) return null;
  if (!safeEqual(m[3]!, sign(`${m[1]}.${m[2]}`, appSecret))) return null;
  return Number(m[2]) > now.getTime() ? Number(m[1]) : null;
}
