// The period filters of the reports: a range of whole months (revenue, MRR) or of calendar days
// (tax), each end checked on its own so the message sits by its field. Pure.

export type FilterErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FilterErrors };

/** A range of calendar months, both ends included, oldest first. */
export interface MonthRange {
  from: string;
  to: string;
  months: string[];
}

/** A range of calendar days, both ends included. */
export interface DateRange {
  from: string;
  to: string;
}

/** The longest range a report runs over: ten years. */
export const MAX_MONTHS = 120;

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

function parseMonth(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(raw);
  if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2999 || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  return raw;
}

function parseDate(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2999) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === raw ? raw : null;
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthOf(i));
  return out;
}

/** The first day of the month after `month` ("2026-12" → "2027-01-01"). */
export function monthAfter(month: string): string {
  return `${monthOf(monthIndex(month) + 1)}-01`;
}

/** From and to months ("YYYY-MM"); empty ends default to the last 12 months up to this one. */
export function parseMonthRange(rawFrom: string | undefined, rawTo: string | undefined, now: Date): Parsed<MonthRange> {
  const current = now.toISOString().slice(0, 7);
  const f = (rawFrom ?? '').trim();
  const t = (rawTo ?? '').trim();
  const errors: FilterErrors = {};
  const to = t ? parseMonth(t) : current;
  if (!to) errors.to = 'Give a month as YYYY-MM, like 2026-03.';
  const from = f ? parseMonth(f) : monthOf(monthIndex(to ?? current) - 11);
  if (!from) errors.from = 'Give a month as YYYY-MM, like 2026-03.';
  if (from && to) {
    if (monthIndex(from) > monthIndex(to)) errors.from = 'The first month must not be after the last.';
    else if (monthIndex(to) - monthIndex(from) + 1 > MAX_MONTHS) errors.from = `Choose at most ${MAX_MONTHS} months.`;
  }
  if (Object.keys(errors).length || !from || !to) return { ok: false, errors };
  return { ok: true, value: { from, to, months: monthsBetween(from, to) } };
}

/** The last full calendar quarter before `now`. */
export function lastFullQuarter(now: Date): DateRange {
  const q = Math.floor(now.getUTCMonth() / 3);
  const start = new Date(Date.UTC(now.getUTCFullYear(), (q - 1) * 3, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), q * 3, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** From and to dates ("YYYY-MM-DD"), both needed; when both are empty, the last full quarter. */
export function parseDateRange(rawFrom: string | undefined, rawTo: string | undefined, now: Date): Parsed<DateRange> {
  const f = (rawFrom ?? '').trim();
  const t = (rawTo ?? '').trim();
  if (!f && !t) return { ok: true, value: lastFullQuarter(now) };
  const errors: FilterErrors = {};
  const from = parseDate(f);
  const to = parseDate(t);
  if (!from) errors.from = f ? 'Give a date as YYYY-MM-DD, like 2026-01-01.' : 'Give the first day of the period.';
  if (!to) errors.to = t ? 'Give a date as YYYY-MM-DD, like 2026-03-31.' : 'Give the last day of the period.';
  if (from && to) {
    if (from > to) errors.from = 'The first day must not be after the last.';
    else if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) errors.from = 'Choose a period of at most ten years.';
  }
  if (Object.keys(errors).length || !from || !to) return { ok: false, errors };
  return { ok: true, value: { from, to } };
}
