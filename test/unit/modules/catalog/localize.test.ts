import { describe, expect, it } from 'vitest';
import { localize, pickByLanguage } from '../../../../src/modules/catalog/rules/localize.ts';

const base = { name: 'VPS Small', description: '<p>Two cores</p>' };
const translations = [
  { language: 'de', name: 'VPS Klein', description: '' },
  { language: 'fr', name: '  ', description: '<p>Deux cœurs</p>' },
];

describe('localize', () => {
  it.each([
    ['a full translation field wins', 'de', { name: 'VPS Klein', description: '<p>Two cores</p>' }],
    ['a blank field falls back to the default language', 'fr', { name: 'VPS Small', description: '<p>Deux cœurs</p>' }],
    ['an untranslated language gets the default text', 'es', base],
    ['no language gets the default text', null, base],
  ])('%s', (_name, language, expected) => {
    expect(localize(base, translations, language)).toEqual(expected);
  });
});

describe('pickByLanguage', () => {
  const emails = [
    { language: 'en', subject: 'Hi' },
    { language: 'de', subject: 'Hallo' },
  ];
  it('picks the language asked for, else the default, else nothing', () => {
    expect(pickByLanguage(emails, 'de', 'en')?.subject).toBe('Hallo');
    expect(pickByLanguage(emails, 'fr', 'en')?.subject).toBe('Hi');
    expect(pickByLanguage(emails, 'fr', 'it')).toBeUndefined();
  });
});
