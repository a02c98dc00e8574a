// Sign-in throttling per account: the first few failures are free, then each one locks the
// account for twice as long as the last, up to a ceiling.
export const FREE_FAILURES = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_FAILURES));
}

export function isLocked(lockedUntil: Date | null | undefined, now: Date): boolean {
  return !!lockedUntil && lockedUntil.getTime() > now.getTime();
}

export function waitMessage(lockedUntil: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : seconds === 1 ? '1 second' : `${seconds} seconds`;
  return `Too many failed sign-ins for this account. Try again in ${wait}.`;
}

export type AttemptDecision = { allowed: false; lockedUntil: Date } | { allowed: true; failures: number; lockedUntil: Date | null };

/**
 * Whether one more password may be checked, given the account's count so far.
 * NOTE: an allowed attempt is counted as a failure before its password is checked (a right one
 * clears the count afterwards), and the lock it would earn is set at once: so a burst of
 * parallel attempts can never check more passwords than the count allows.
 */
export function decideAttempt(state: { failures: number; lockedUntil: Date | null } | null, now: Date): AttemptDecision {
  if (state && state.lockedUntil && isLocked(state.lockedUntil, now)) return { allowed: false, lockedUntil: state.lockedUntil };
  const failures = (state?.failures ?? 0) + 1;
  const lockMs = lockDurationMs(failures);
  return { allowed: true, failures, lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs) : null };
}
