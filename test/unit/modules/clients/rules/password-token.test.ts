import { describe, expect, it } from 'vitest';
import { passwordLink, tokenExpiry, tokenProblem } from '../../../../../src/modules/clients/rules/password-token.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe('tokenProblem', () => {
  it.each([
    ['a live token', { usedAt: null, expiresAt: new Date('2026-03-01T12:59:59Z') }, null],
    ['no token', null, 'That link is not valid. Ask for a new one below.'],
    [
      'a used token',
      { usedAt: new Date('2026-03-01T11:00:00Z'), expiresAt: new Date('2026-03-01T13:00:00Z') },
      'That link has already been used. Ask for a new one below.',
    ],
    // NOTE: the expiry instant itself is already too late.
    ['a token at its expiry instant', { usedAt: null, expiresAt: now }, 'That link has expired. Ask for a new one below.'],
    ['an expired token', { usedAt: null, expiresAt: new Date('2026-03-01T11:00:00Z') }, 'That link has expired. Ask for a new one below.'],
    [
      'a used and expired token (used wins)',
      { usedAt: new Date('2026-03-01T10:00:00Z'), expiresAt: new Date('2026-03-01T11:00:00Z') },
      'That link has already been used. Ask for a new one below.',
    ],
  ])('%s', (_, token, expected) => {
    expect(tokenProblem(token, now)).toBe(expected);
  });
});

describe('tokenExpiry', () => {
  it('gives a reset 1 hour and a first set-up 7 days', () => {
    expect(tokenExpiry('reset', now).toISOString()).toBe('2026-03-01T13:00:00.000Z');
    expect(tokenExpiry('set', now).toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });
});

describe('passwordLink', () => {
  it.each([
    ['https://billing.example.com', 'https://billing.example.com/account/reset-password?token=abc_-1'],
    ['https://billing.example.com/', 'https://billing.example.com/account/reset-password?token=abc_-1'],
    ['https://example.com/billing//', 'https://example.com/billing/account/reset-password?token=abc_-1'],
  ])('under %s', (base, expected) => {
    expect(passwordLink(base, 'abc_-1')).toBe(expected);
  });
});
