import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../../../src/modules/auth/password.ts';

const PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

describe('hashPassword', () => {
  it('produces an argon2id PHC string with m=19456,t=2,p=1, a 16-byte salt and a 32-byte hash', async () => {
    const phc = await hashPassword('correct horse battery staple');
    const m = PHC.exec(phc);
    expect(m).not.toBeNull();
    expect(Buffer.from(m![1]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(m![2]!, 'base64')).toHaveLength(32);
    expect(phc).not.toContain('correct horse');
  });

  it('salts each hash, so the same password hashes differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(PHC.exec(a)![1]).not.toBe(PHC.exec(b)![1]);
  });
});

describe('verifyPassword', () => {
  const password = 'correct horse battery staple';
  let phc: Promise<string> | undefined;
  const stored = () => (phc ??= hashPassword(password));

  it.each<[string, string, boolean]>([
    ['the right password', password, true],
    ['a wrong password', 'correct horse battery stapler', false],
    ['the password in another case', password.toUpperCase(), false],
    ['the password with a trailing space', `${password} `, false],
    ['an empty password', '', false],
  ])('%s -> %s', async (_label, attempt, expected) => {
    expect(await verifyPassword(attempt, await stored())).toBe(expected);
  });

  it('verifies unicode passwords', async () => {
    const h = await hashPassword('pässwörd 🔑 密码');
    expect(await verifyPassword('pässwörd 🔑 密码', h)).toBe(true);
    expect(await verifyPassword('passwort 🔑 密码', h)).toBe(false);
  });

  it('answers false (and does not throw) for the dummy hash used for unknown accounts', async () => {
    expect(await verifyPassword('anything at all', DUMMY_HASH)).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a hash'],
    ['a bcrypt hash', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['an argon2i hash', '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s'],
    ['an old argon2 version', '$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s'],
    ['a hash without its salt', '$argon2id$v=19$m=19456,t=2,p=1$$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s'],
    ['a hash with trailing junk', `${DUMMY_HASH}\n`],
    ['padded base64', '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA==$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s'],
  ])('answers false for a malformed hash: %s', async (_label, phc) => {
    expect(await verifyPassword('anything', phc)).toBe(false);
  });

  // NOTE: these have the PHC shape but parameters argon2 rejects; the answer is false, not a throw.
  it.each([
    ['a salt shorter than 8 bytes', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s'],
    ['zero passes', '$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s'],
    ['zero lanes', '$argon2id$v=19$m=19456,t=2,p=0$c29tZXNhbHRzb21lc2FsdA$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s'],
    ['a one-byte hash', '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aA'],
  ])('answers false for a damaged hash: %s', async (_label, phc) => {
    await expect(verifyPassword('anything', phc)).resolves.toBe(false);
  });
});
