// Billing dates are calendar dates in UTC, held as 'YYYY-MM-DD' strings: they sort as text,
// compare with ===, and are what a Postgres `date` column gives back. No Date object and no
// time zone is involved in the arithmetic: a day number (days since 1970-01-01) does it.

/** 'YYYY-MM-DD', UTC. A plain string so it crosses JSON, SQL and views unchanged. */
export type CalendarDate = string;

export interface Ymd {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** NOTE: February has 29 days in years divisible by 4, except centuries not divisible by 400. */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Not a month: ${month}`);
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

function checkYmd({ year, month, day }: Ymd): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Strict: '2024-02-30', '2024-2-1' and '2024-02-01T00:00Z' are refused, never rolled over. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = PATTERN.exec(value);
  return m !== null && checkYmd({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

export function parseDate(value: CalendarDate): Ymd {
  const m = PATTERN.exec(value);
  const ymd = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  if (!ymd || !checkYmd(ymd)) throw new RangeError(`Not a calendar date: ${value}`);
  return ymd;
}

export function formatDate(ymd: Ymd): CalendarDate {
  if (!checkYmd(ymd)) throw new RangeError(`Not a calendar date: ${JSON.stringify(ymd)}`);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(ymd.year, 4)}-${pad(ymd.month, 2)}-${pad(ymd.day, 2)}`;
}

/**
 * The date `year`-`month`-`day` with `month` allowed to run past 1-12 (month 14 of 2024 is
 * February 2025) and `day` clamped to that month's last day.
 * NOTE: clamping, never overflowing: (2025, 2, 31) is Feb 28, not Mar 3 as Date.UTC would say.
 */
export function clampedDate(year: number, month: number, day: number): CalendarDate {
  const index = year * 12 + (month - 1);
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

const floorDiv = (a: number, b: number) => Math.floor(a / b);

// Howard Hinnant's days_from_civil / civil_from_days: exact integer arithmetic on the
// proleptic Gregorian calendar, independent of the host's time zone.
export function toDayNumber(date: CalendarDate): number {
  const { year, month, day } = parseDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const doy = floorDiv(153 * (month + (month > 2 ? -3 : 9)) + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`Not a day number: ${dayNumber}`);
  const z = dayNumber + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return formatDate({ year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day });
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** Days from `from` to `to`: positive when `to` is later; [from, to) holds this many days. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/**
 * The UTC calendar date of an instant; the caller passes `now`, this never reads the clock.
 * NOTE: 23:30 in New York on Jan 31 is already Feb 1 here: billing days are UTC days.
 */
export function calendarDateOf(instant: Date): CalendarDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Not a valid instant.');
  return fromDayNumber(Math.floor(ms / 86_400_000));
}
