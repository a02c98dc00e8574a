import { describe, expect, it } from 'vitest';
import { SLUG_MAX, firstFreeSlug, slugProblem, slugify } from '../../../../../src/modules/catalog/rules/slug.ts';

describe('slugify', () => {
  it.each([
    ['Dedicated Server (EU) #1', 'dedicated-server-eu-1'],
    ['VPS Small', 'vps-small'],
    ['Crème Brûlée', 'creme-brulee'],
    ['Ångström Façade Niño', 'angstrom-facade-nino'],
    ['Ｗｅｂ Ｈｏｓｔｉｎｇ', 'web-hosting'], // full-width letters fold (NFKD)
    ['Web Hosting & Email', 'web-hosting-and-email'],
    ['R&D', 'r-and-d'],
    ['&Co&', 'and-co-and'],
    ['  --Hello,   World!!--  ', 'hello-world'],
    ['a...b___c///d', 'a-b-c-d'],
    ['"Quoted" <b>name</b>', 'quoted-b-name-b'],
    ['MiXeD CaSe 2025', 'mixed-case-2025'],
    ['!!!', ''],
    ['', ''],
    ['日本語', ''],
  ])('%j -> %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('caps a long name at 80 characters', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slug.startsWith('word-word-')).toBe(true);
    expect(slugProblem(slug)).toBeNull();
  });

  it('never ends a capped slug with a hyphen', () => {
    // 79 letters then a space: the 80th character would be a hyphen.
    const slug = slugify(`${'a'.repeat(79)} tail`);
    expect(slug).toBe('a'.repeat(79));
    expect(slugProblem(slug)).toBeNull();
  });

  it('keeps exactly 80 characters when the cut falls inside a word', () => {
    expect(slugify('b'.repeat(100))).toBe('b'.repeat(80));
  });

  it.each(['Dedicated Server (EU) #1', 'Crème & Brûlée', `${'x'.repeat(78)} & more`, '--a--b--'])(
    'always yields a valid slug or empty for %j',
    (name) => {
      const slug = slugify(name);
      expect(slug === '' || slugProblem(slug) === null).toBe(true);
    },
  );
});

describe('slugProblem', () => {
  it.each([
    ['vps-small', null],
    ['a', null],
    ['vps2', null],
    ['2fast', null],
    ['a'.repeat(80), null],
    ['', 'Enter a slug.'],
    ['a'.repeat(81), 'Use at most 80 characters.'],
    ['VPS', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['vps--small', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['-vps', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['vps-', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['vps small', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['vps_small', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['crème', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['vps\n', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
  ])('%j -> %j', (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });
});

describe('firstFreeSlug', () => {
  it.each<[string, string[], string]>([
    ['vps', [], 'vps'],
    ['vps', ['vps-2'], 'vps'],
    ['vps', ['vps'], 'vps-2'],
    ['vps', ['vps', 'vps-2'], 'vps-3'],
    ['vps', ['vps', 'vps-2', 'vps-3', 'vps-5'], 'vps-4'],
    ['vps', ['vps', ...Array.from({ length: 8 }, (_, i) => `vps-${i + 2}`)], 'vps-10'],
    ['vps-2', ['vps-2'], 'vps-2-2'],
  ])('%j with %j taken -> %j', (base, taken, expected) => {
    expect(firstFreeSlug(base, new Set(taken))).toBe(expected);
  });

  it('shortens a base of 80 characters so the suffix fits', () => {
    const base = 'a'.repeat(80);
    const slug = firstFreeSlug(base, new Set([base]));
    expect(slug).toBe(`${'a'.repeat(78)}-2`);
    expect(slug.length).toBe(SLUG_MAX);
  });

  it('shortens more for a two-digit suffix', () => {
    const base = 'a'.repeat(80);
    const taken = new Set([base, ...Array.from({ length: 8 }, (_, i) => `${'a'.repeat(78)}-${i + 2}`)]);
    const slug = firstFreeSlug(base, taken);
    expect(slug).toBe(`${'a'.repeat(77)}-10`);
    expect(slugProblem(slug)).toBeNull();
  });

  // NOTE: cutting the base may end it on a hyphen; the suffix must not make "...--2".
  it('gives a valid slug when shortening the base ends on a hyphen', () => {
    const base = `${'a'.repeat(77)}-bb`; // 80 characters; cut to 78 it ends with "-"
    expect(slugProblem(base)).toBeNull();
    const slug = firstFreeSlug(base, new Set([base]));
    expect(slugProblem(slug)).toBeNull();
    expect(slug).not.toBe(base);
  });
});
