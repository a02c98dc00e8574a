import { describe, expect, it } from 'vitest';
import {
  newRecoveryCodes,
  newTotpSecret,
  normaliseCode,
  normaliseRecoveryCode,
  totpCode,
  totpStep,
  totpUri,
} from '../../src/modules/staff/rules/two-factor.ts';
import { readSignInChallenge, signInChallenge } from '../../src/modules/staff/rules/sign-in-challenge.ts';
import { inviteProblem } from '../../src/modules/staff/rules/staff-invite.ts';

// RFC 6238 appendix B: the ASCII secret "12345678901234567890", SHA-1, codes cut to 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('time-based codes', () => {
  it('match the RFC 6238 test vectors', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCode(RFC_SECRET, new Date(1_234_567_890_000))).toBe('005924');
  });

  it('give the step of a right code, one step either side, and null otherwise', () => {
    const now = new Date(1_111_111_109_000);
    const step = Math.floor(1_111_111_109 / 30);
    expect(totpStep(RFC_SECRET, '081804', now)).toBe(step);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() + 90_000)), now)).toBeNull();
    for (const junk of ['', '12345', '1234567', 'abcdef', '08180４']) expect(totpStep(RFC_SECRET, junk, now)).toBeNull();
  });

  it('make new secrets and an address authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'ops@example.com', 'Acme Hosting'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme Hosting:ops@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('period')).toBe('30');
  });

  it('read codes as people type them', () => {
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    expect(normaliseCode('123-456')).toBe('123456');
    expect(normaliseCode(['1'])).toBe('');
  });
});

describe('recovery codes', () => {
  it('are ten different codes of twelve unambiguous characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });

  it('are read in any case and grouping', () => {
    expect(normaliseRecoveryCode('K7M2 X9QP 4HDS')).toBe('k7m2-x9qp-4hds');
    expect(normaliseRecoveryCode('k7m2x9qp4hds')).toBe('k7m2-x9qp-4hds');
    expect(normaliseRecoveryCode('k7m2-x9qp')).toBeNull();
    expect(normaliseRecoveryCode(42)).toBeNull();
  });
});

describe('the sign-in challenge', () => {
  const secret = 'a'.repeat(40);
  const now = new Date('2026-12-04T10:00:00Z');

  it('names the member until it lapses five minutes later', () => {
    const token = signInChallenge(7, now, secret);
    expect(readSignInChallenge(token, now, secret)).toBe(7);
    expect(readSignInChallenge(token, new Date(now.getTime() + 299_999), secret)).toBe(7);
    expect(readSignInChallenge(token, new Date(now.getTime() + 300_000), secret)).toBeNull();
  });

  it('is refused when altered, signed with another secret, or junk', () => {
    const token = signInChallenge(7, now, secret);
    expect(readSignInChallenge(token.replace(/^7\./, '8.'), now, secret)).toBeNull();
    expect(readSignInChallenge(token, now, 'b'.repeat(40))).toBeNull();
    for (const junk of [undefined, '', 'x', '7.1.2', `${token}x`]) expect(readSignInChallenge(junk, now, secret)).toBeNull();
  });
});

describe('an invitation link', () => {
  const now = new Date('2026-12-04T10:00:00Z');
  it('works until used or expired', () => {
    expect(inviteProblem({ usedAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBeNull();
    expect(inviteProblem({ usedAt: now, expiresAt: new Date(now.getTime() + 1) }, now)).toMatch(/already been used/);
    expect(inviteProblem({ usedAt: null, expiresAt: now }, now)).toMatch(/expired/);
    expect(inviteProblem(null, now)).toMatch(/not valid/);
  });
});
