import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORMATS,
  documentFormatProblem,
  formatDocumentNumber,
  numberParts,
  sequenceYear,
} from '../../../../src/modules/invoicing/rules/document-number.ts';

describe('formatDocumentNumber', () => {
  it.each<[string, number, number, string]>([
    ['CN-{YYYY}-{0000}', 1, 2026, 'CN-2026-0001'],
    ['CN-{YYYY}-{0000}', 42, 2026, 'CN-2026-0042'],
    // A counter that outgrows its zeros keeps every digit: never a repeated number.
    ['CN-{YYYY}-{0000}', 12345, 2026, 'CN-2026-12345'],
    ['CN{0}', 7, 0, 'CN7'],
    ['{0000000}', 3, 0, '0000003'],
    ['{YYYY}/{00}/R', 5, 2027, '2027/05/R'],
    ['R-{0000}-{YYYY}', 9, 2026, 'R-0009-2026'],
  ])('%s with counter %d in %d is %s', (format, counter, year, expected) => {
    expect(formatDocumentNumber(format, counter, year)).toBe(expected);
  });

  it('refuses a counter that is not a positive whole number', () => {
    expect(() => formatDocumentNumber(DEFAULT_FORMATS.credit_note, 0, 2026)).toThrow();
    expect(() => formatDocumentNumber(DEFAULT_FORMATS.credit_note, 1.5, 2026)).toThrow();
  });
});

describe('sequenceYear', () => {
  it('is the UTC year when the format shows one, else 0 (one counter for ever)', () => {
    expect(sequenceYear('CN-{YYYY}-{0000}', new Date('2026-12-31T23:59:59Z'))).toBe(2026);
    // NOTE: 20:00 on Dec 31 in New York is already the new year in UTC.
    expect(sequenceYear('CN-{YYYY}-{0000}', new Date('2027-01-01T01:00:00Z'))).toBe(2027);
    expect(sequenceYear('CN-{0000}', new Date('2027-01-01T01:00:00Z'))).toBe(0);
  });
});

describe('documentFormatProblem', () => {
  it.each<[string, string | null]>([
    ['CN-{YYYY}-{0000}', null],
    ['CN{0}', null],
    ['CN-{YYYY}', 'Put the counter in once, as {0000} (one zero per digit).'],
    ['{0000}-{000}', 'Put the counter in once, as {0000} (one zero per digit).'],
    ['CN-{YY}-{0000}', 'Use only {YYYY} and {0000} in braces.'],
    ['CN#{0000}', 'Use letters, digits, spaces and - / _ . around the placeholders.'],
    ['X'.repeat(31) + '{0}', 'Use at most 30 characters.'],
  ])('%s: %s', (format, problem) => {
    expect(documentFormatProblem(format)).toBe(problem);
  });
});

describe('numberParts', () => {
  // What the issuing statement pads in SQL: the same number formatDocumentNumber writes.
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  it.each<[string, number]>([
    ['INV-{YYYY}-{0000}', 2026],
    ['CN{0}', 0],
    ['{YYYY}/{00}/R', 2027],
    ['R-{0000}-{YYYY}', 2026],
    ['{YYYY}{YYYY}-{000}', 2028],
  ])('%s in %d', (format, year) => {
    const { before, width, after } = numberParts(format, year);
    for (const n of [1, 9, 10, 99, 100, 12345]) expect(`${before}${pad(n, width)}${after}`).toBe(formatDocumentNumber(format, n, year));
  });
});
