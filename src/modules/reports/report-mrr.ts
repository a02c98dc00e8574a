import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { Period } from '../catalog/rules/constants.ts';
import { fromDecimalString, toDecimalString, type Units } from '../shared/money.ts';
import { RUNNING_SERVICES } from './mrr.ts';
import { monthlyTotal } from './rules/monthly-rate.ts';
import { monthAfter, type MonthRange } from './rules/report-period.ts';

export type MrrRow = {
  month: string;
  currency: string;
  start: string;
  /** Services started in the month. */
  added: string;
  /** Services ended (cancelled or terminated) in the month. */
  churned: string;
  net: string;
  end: string;
  /** Churned as a percentage of the start, 2 decimals; null when the month started at nothing. */
  churnRate: string | null;
};
export type MrrReport = { range: MonthRange; currency: string | null; rows: MrrRow[]; currencies: string[] };

type Part = { units: Units; period: Period; count: number };

/**
 * MRR, new, churned and net new MRR per month and currency, as mrr.ts counts MRR (each term
 * normalised to a month, running = started and not ended). The start of a month is what ran
 * just before its first instant; new and churned are services that started and ended from that
 * instant until the next month's (or now); the end is start + new − churned, exactly: each
 * figure is one exact fraction per currency rounded once, and the end of a month is the start of
 * the next.
 * One statement: what runs at the first month's start, plus each start and end in the range.
 */
export async function reportMrr(em: EntityManager, range: MonthRange, currency: string | null, now: Date): Promise<MrrReport> {
  const first = new Date(`${range.from}-01T00:00:00Z`);
  const last = new Date(Math.min(new Date(`${monthAfter(range.to)}T00:00:00Z`).getTime(), now.getTime()));
  const { rows } = await sql<{
    month: string | null;
    kind: 'start' | 'new' | 'churn';
    currency: string;
    period: Period;
    count: number;
    total: string;
  }>`
    with running as materialized (${RUNNING_SERVICES}),
    -- a service that ended as it started never ran
    mine as (select * from running where (${currency}::text is null or currency = ${currency}::text) and (ended is null or ended > started)),
    moves as (
      select null::text as month, 'start' as kind, currency, period, count, amount from mine
       where started < ${first} and (ended is null or ended >= ${first})
      union all
      select to_char(started at time zone 'UTC', 'YYYY-MM'), 'new', currency, period, count, amount from mine
       where started >= ${first} and started < ${last}
      union all
      select to_char(ended at time zone 'UTC', 'YYYY-MM'), 'churn', currency, period, count, amount from mine
       where ended >= ${first} and ended < ${last}
    )
    select month, kind, currency, period, count, sum(amount)::text as total from moves group by 1, 2, 3, 4, 5`.execute(db(em));
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const out: MrrRow[] = [];
  for (const cur of currencies) {
    const mine = rows.filter((r) => r.currency === cur);
    const part = (r: (typeof rows)[number], sign: bigint): Part => ({
      units: sign * fromDecimalString(r.total),
      period: r.period,
      count: r.count,
    });
    let running: Part[] = mine.filter((r) => r.kind === 'start').map((r) => part(r, 1n));
    for (const month of range.months) {
      const added = mine.filter((r) => r.kind === 'new' && r.month === month).map((r) => part(r, 1n));
      const churned = mine.filter((r) => r.kind === 'churn' && r.month === month).map((r) => part(r, 1n));
      const start = monthlyTotal(running);
      const addedUnits = monthlyTotal(added);
      const churnedUnits = monthlyTotal(churned);
      const next = [...running, ...added, ...churned.map((p) => ({ ...p, units: -p.units }))];
      const end = monthlyTotal(next);
      out.push({
        month,
        currency: cur,
        start: toDecimalString(start),
        added: toDecimalString(addedUnits),
        churned: toDecimalString(churnedUnits),
        net: toDecimalString(end - start),
        end: toDecimalString(end),
        churnRate: start > 0n ? percent(churnedUnits, start) : null,
      });
      running = next;
    }
  }
  return { range, currency, rows: out, currencies };
}

/** part / whole as a percentage with 2 decimals, half away from zero ("12.50"). */
function percent(part: Units, whole: Units): string {
  const negative = part < 0n !== whole < 0n && part !== 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const hundredths = (p * 10_000n * 2n + w) / (2n * w);
  return `${negative ? '-' : ''}${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}
