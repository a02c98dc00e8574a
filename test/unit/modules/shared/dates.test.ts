import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDateOf,
  clampedDate,
  compareDates,
  daysBetween,
  daysInMonth,
  formatDate,
  fromDayNumber,
  isCalendarDate,
  isLeapYear,
  parseDate,
  toDayNumber,
} from '../../../../src/modules/shared/dates.ts';

describe('parseDate / formatDate', () => {
  it.each([
    ['an ordinary date', '2025-03-14', { year: 2025, month: 3, day: 14 }],
    ['a leap day', '2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['the first day of year 1', '0001-01-01', { year: 1, month: 1, day: 1 }],
    ['the last day of year 9999', '9999-12-31', { year: 9999, month: 12, day: 31 }],
  ])('%s round-trips', (_label, text, ymd) => {
    expect(parseDate(text)).toEqual(ymd);
    expect(formatDate(ymd)).toBe(text);
  });

  it.each([
    ['Feb 29 in a common year (never rolled to Mar 1)', '2025-02-29'],
    ['Feb 29 in a century that is not a leap year', '1900-02-29'],
    ['Apr 31', '2025-04-31'],
    ['month 13', '2025-13-01'],
    ['month 0', '2025-00-10'],
    ['day 0', '2025-01-00'],
    ['missing zero padding', '2025-1-5'],
    ['a timestamp', '2025-01-05T00:00:00Z'],
    ['surrounding spaces', ' 2025-01-05'],
    ['year 0', '0000-01-01'],
    ['empty', ''],
  ])('refuses %s', (_label, text) => {
    expect(isCalendarDate(text)).toBe(false);
    expect(() => parseDate(text)).toThrow(RangeError);
  });

  it('isCalendarDate refuses non-strings', () => {
    expect(isCalendarDate(20250105)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
    expect(isCalendarDate(new Date())).toBe(false);
  });

  it('formatDate refuses an impossible date', () => {
    expect(() => formatDate({ year: 2023, month: 2, day: 29 })).toThrow(RangeError);
  });
});

describe('leap years and daysInMonth', () => {
  it.each([
    [2024, true],
    [2025, false],
    // NOTE: centuries are leap only when divisible by 400.
    [1900, false],
    [2000, true],
    [2100, false],
    [2400, true],
  ])('%i leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
  });

  it.each([
    [1, 31],
    [3, 31],
    [4, 30],
    [5, 31],
    [6, 30],
    [7, 31],
    [8, 31],
    [9, 30],
    [10, 31],
    [11, 30],
    [12, 31],
  ])('month %i has %i days', (month, days) => {
    expect(daysInMonth(2025, month)).toBe(days);
  });

  it.each([0, 13, 1.5])('refuses month %s', (month) => {
    expect(() => daysInMonth(2025, month)).toThrow(RangeError);
  });
});

describe('clampedDate', () => {
  it.each<[string, [number, number, number], string]>([
    ['a day every month has', [2025, 3, 15], '2025-03-15'],
    // NOTE: clamp, never overflow: Jan 31 + 1 month is Feb 28, not Mar 3.
    ['day 31 in February of a common year', [2025, 2, 31], '2025-02-28'],
    ['day 31 in February of a leap year', [2024, 2, 31], '2024-02-29'],
    ['day 31 in April', [2025, 4, 31], '2025-04-30'],
    ['month 13 is January next year', [2024, 13, 31], '2025-01-31'],
    ['month 14 is February next year, clamped', [2024, 14, 30], '2025-02-28'],
    ['month 0 is December last year', [2025, 0, 31], '2024-12-31'],
    ['month -1 is November last year, clamped', [2025, -1, 31], '2024-11-30'],
    ['month 25 is two years on', [2023, 26, 29], '2025-02-28'],
  ])('%s', (_label, [y, m, d], expected) => {
    expect(clampedDate(y, m, d)).toBe(expected);
  });
});

describe('day numbers, addDays, daysBetween, compareDates', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
    ['2024-02-29', 19_782],
  ])('%s is day %i', (date, n) => {
    expect(toDayNumber(date)).toBe(n);
    expect(fromDayNumber(n)).toBe(date);
  });

  it('agrees with Date.UTC on every day from 1899 to 2101', () => {
    // The oracle is the host's own calendar; the rule never uses it.
    for (let n = toDayNumber('1899-01-01'); n <= toDayNumber('2101-12-31'); n++) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (fromDayNumber(n) !== iso) throw new Error(`day ${n}: ${fromDayNumber(n)} vs ${iso}`);
    }
  });

  it.each<[string, string, number, string]>([
    ['a day within a month', '2025-01-10', 1, '2025-01-11'],
    ['across a month end', '2025-01-31', 1, '2025-02-01'],
    ['onto a leap day', '2024-02-28', 1, '2024-02-29'],
    ['over a missing leap day', '2025-02-28', 1, '2025-03-01'],
    ['across a year end', '2024-12-31', 1, '2025-01-01'],
    ['backwards across a year end', '2025-01-01', -1, '2024-12-31'],
    ['zero days', '2025-06-15', 0, '2025-06-15'],
    ['a leap year of days', '2024-01-01', 366, '2025-01-01'],
  ])('addDays: %s', (_label, from, days, to) => {
    expect(addDays(from, days)).toBe(to);
    expect(daysBetween(from, to)).toBe(days);
  });

  it('addDays refuses a fraction of a day', () => {
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
  });

  it.each<[string, string, -1 | 0 | 1]>([
    ['2025-01-01', '2025-01-02', -1],
    ['2025-01-02', '2025-01-01', 1],
    ['2025-01-01', '2025-01-01', 0],
    ['2024-12-31', '2025-01-01', -1],
  ])('compareDates(%s, %s) = %i', (a, b, c) => {
    expect(compareDates(a, b)).toBe(c);
  });

  it('daysBetween is negative when the second date is earlier', () => {
    expect(daysBetween('2025-03-01', '2025-02-01')).toBe(-28);
  });
});

describe('calendarDateOf', () => {
  it.each([
    ['midnight UTC', '2025-02-01T00:00:00.000Z', '2025-02-01'],
    ['the last millisecond of a UTC day', '2025-01-31T23:59:59.999Z', '2025-01-31'],
    // NOTE: an evening in New York on Jan 31 is already Feb 1 in UTC: billing days are UTC days.
    ['an offset instant', '2025-01-31T23:30:00-05:00', '2025-02-01'],
    ['before 1970', '1969-12-31T12:00:00Z', '1969-12-31'],
  ])('%s', (_label, instant, date) => {
    expect(calendarDateOf(new Date(instant))).toBe(date);
  });

  it('refuses an invalid Date', () => {
    expect(() => calendarDateOf(new Date('nope'))).toThrow(RangeError);
  });
});
