import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, decideAttempt, isLocked, lockDurationMs, waitMessage } from '../../../../../src/modules/auth/rules/throttle.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('lockDurationMs', () => {
  it('gives five free failures', () => {
    expect(FREE_FAILURES).toBe(5);
  });

  it.each([
    [0, 0],
    [1, 0],
    [4, 0],
    [5, 30 * SECOND],
    [6, 60 * SECOND],
    [7, 2 * MINUTE],
    [8, 4 * MINUTE],
    [9, 8 * MINUTE],
    [10, 15 * MINUTE], // 16 minutes, capped at 15
    [11, 15 * MINUTE],
    [50, 15 * MINUTE],
    [2000, 15 * MINUTE], // 2 ** 1995 is Infinity; still capped
  ])('%i failures -> %i ms', (failures, ms) => {
    expect(lockDurationMs(failures)).toBe(ms);
  });

  it('never shrinks as failures grow', () => {
    for (let n = 1; n < 40; n++) expect(lockDurationMs(n)).toBeGreaterThanOrEqual(lockDurationMs(n - 1));
  });
});

describe('isLocked', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it.each<[string, Date | null | undefined, boolean]>([
    ['never locked (null)', null, false],
    ['never locked (undefined)', undefined, false],
    ['locked until a later time', new Date(now.getTime() + 1), true],
    ['locked until a minute from now', new Date(now.getTime() + MINUTE), true],
    ['a lock ending exactly now', new Date(now.getTime()), false],
    ['a lock that has ended', new Date(now.getTime() - SECOND), false],
  ])('%s -> %s', (_label, lockedUntil, locked) => {
    expect(isLocked(lockedUntil, now)).toBe(locked);
  });
});

describe('waitMessage', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const after = (ms: number) => new Date(now.getTime() + ms);
  const msg = (wait: string) => `Too many failed sign-ins for this account. Try again in ${wait}.`;

  it.each<[number, string]>([
    [30 * SECOND, '30 seconds'],
    [29_001, '30 seconds'], // rounds up, never tells them to come back too early
    [2 * SECOND, '2 seconds'],
    [60 * SECOND, '60 seconds'],
    [89 * SECOND, '89 seconds'],
    [90 * SECOND, '2 minutes'],
    [4 * MINUTE, '4 minutes'],
    [4 * MINUTE + 1, '5 minutes'],
    [15 * MINUTE, '15 minutes'],
  ])('%i ms left -> %j', (ms, wait) => {
    expect(waitMessage(after(ms), now)).toBe(msg(wait));
  });

  // NOTE: one second (or less) left reads "1 second", not "1 seconds".
  it.each<[number]>([[SECOND], [1], [0], [-5 * SECOND]])('%i ms left -> "1 second"', (ms) => {
    expect(waitMessage(after(ms), now)).toBe(msg('1 second'));
  });
});

describe('decideAttempt', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('counts a first attempt as one failure, with no lock', () => {
    expect(decideAttempt(null, now)).toEqual({ allowed: true, failures: 1, lockedUntil: null });
  });

  it.each<[number, number | null]>([
    [0, null],
    [3, null],
    [4, 30 * SECOND], // the fifth try is counted, and its lock set, before its password is checked
    [5, 60 * SECOND],
    [20, 15 * MINUTE],
  ])('after %i failures the next try is allowed, locking for %s ms', (failures, lockMs) => {
    expect(decideAttempt({ failures, lockedUntil: null }, now)).toEqual({
      allowed: true,
      failures: failures + 1,
      lockedUntil: lockMs === null ? null : at(lockMs),
    });
  });

  it('refuses while locked, keeping the lock as it is', () => {
    expect(decideAttempt({ failures: 5, lockedUntil: at(1) }, now)).toEqual({ allowed: false, lockedUntil: at(1) });
  });

  it('allows one more try once the lock has ended, and doubles the next lock', () => {
    expect(decideAttempt({ failures: 5, lockedUntil: now }, now)).toEqual({ allowed: true, failures: 6, lockedUntil: at(60 * SECOND) });
  });

  it('a burst decided one after another allows exactly the free tries', () => {
    let state: { failures: number; lockedUntil: Date | null } | null = null;
    let allowed = 0;
    for (let i = 0; i < 60; i++) {
      const d = decideAttempt(state, now);
      if (d.allowed) {
        allowed++;
        state = { failures: d.failures, lockedUntil: d.lockedUntil };
      }
    }
    expect(allowed).toBe(FREE_FAILURES);
  });
});
