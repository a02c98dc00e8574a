import { describe, expect, it } from 'vitest';
import { open, seal } from '../../../../src/modules/shared/secret-box.ts';

const SECRET = 'unit-test-secret-0123456789abcdef0123456789';
const OTHER = 'another-secret-0123456789abcdef0123456789ab';

/** Flips one bit of one base64url part of a sealed value (decoding first, so padding bits never hide the change). */
function tamper(sealed: string, part: 1 | 2 | 3, byteIndex = 0): string {
  const parts = sealed.split('.');
  const buf = Buffer.from(parts[part]!, 'base64url');
  buf[byteIndex] = buf[byteIndex]! ^ 0x01;
  parts[part] = buf.toString('base64url');
  return parts.join('.');
}

describe('seal / open', () => {
  it.each([
    ['a short secret', 'hunter2'],
    ['JSON settings', JSON.stringify({ apiKey: 'k-123', password: 'p@ss' })],
    ['unicode', 'pässwörd 🔑 密码'],
    ['an empty string', ''],
    ['a long value', 'x'.repeat(100_000)],
    ['dots and base64 look-alikes', 'v1.a.b.c'],
  ])('round-trips %s', (_label, plain) => {
    expect(open(seal(plain, SECRET), SECRET)).toBe(plain);
  });

  it('writes the v1.<iv>.<tag>.<ciphertext> format in base64url and never the plain text', () => {
    const sealed = seal('hunter2', SECRET);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/);
    expect(sealed).not.toContain('hunter2');
    expect(sealed).not.toContain(Buffer.from('hunter2').toString('base64url'));
  });

  it('uses a fresh IV each time, so the same value seals differently', () => {
    const a = seal('same', SECRET);
    const b = seal('same', SECRET);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(open(a, SECRET)).toBe(open(b, SECRET));
  });

  it('cannot be opened with a different APP_SECRET', () => {
    const sealed = seal('hunter2', SECRET);
    expect(() => open(sealed, OTHER)).toThrow();
  });

  it('cannot be opened with a secret differing in one character', () => {
    const sealed = seal('hunter2', SECRET);
    expect(() => open(sealed, `${SECRET.slice(0, -1)}X`)).toThrow();
  });

  it.each<[string, 1 | 2 | 3]>([
    ['the IV', 1],
    ['the auth tag', 2],
    ['the ciphertext', 3],
  ])('refuses a value whose %s was tampered with', (_label, part) => {
    const sealed = seal('transfer to account 1234', SECRET);
    const bad = tamper(sealed, part);
    expect(bad).not.toBe(sealed);
    expect(() => open(bad, SECRET)).toThrow();
  });

  it('refuses a ciphertext tampered with in its last byte', () => {
    const sealed = seal('transfer to account 1234', SECRET);
    const len = Buffer.from(sealed.split('.')[3]!, 'base64url').length;
    expect(() => open(tamper(sealed, 3, len - 1), SECRET)).toThrow();
  });

  it('refuses a truncated ciphertext', () => {
    const sealed = seal('transfer to account 1234', SECRET);
    expect(() => open(sealed.slice(0, -4), SECRET)).toThrow();
  });

  it('refuses a ciphertext swapped in from another sealed value', () => {
    const a = seal('aaaaaaaa', SECRET).split('.');
    const b = seal('bbbbbbbb', SECRET).split('.');
    expect(() => open([a[0], a[1], a[2], b[3]].join('.'), SECRET)).toThrow();
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'hunter2'],
    ['another version', (s: string) => s.replace(/^v1\./, 'v2.')],
    ['a missing IV', 'v1..tag.body'],
    ['a missing tag', 'v1.iv..body'],
    ['a missing body part', 'v1.aaaa.bbbb'],
  ])('refuses %s as unreadable', (_label, value) => {
    const sealed = typeof value === 'function' ? value(seal('x', SECRET)) : value;
    expect(() => open(sealed, SECRET)).toThrow('Unreadable sealed value.');
  });
});
