import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { Period } from '../catalog/rules/constants.ts';
import { snapshotSql } from '../pricing/rules/price-snapshot.ts';
import { toDecimalString } from '../shared/money.ts';
import { monthlyTotal } from './rules/monthly-rate.ts';

// Monthly recurring revenue: what the services running at an instant renew for, each term
// normalised to a month, per currency.
//
// Running = started (provisioned, or created when it never went through provisioning) and not
// ended (its move to cancelled/terminated) by then. Suspended services count: they are still
// billed each term (BILLED_STATUSES in billing) and come back when paid, so their revenue is
// contracted, not lost. Pending ones do not: nothing has started yet. Add-ons are services of
// their own and count with their own snapshot.
// NOTE: the amount is the service's current snapshot; a package change rewrites the snapshot, so
// the past points of the trend show today's prices for services that changed package.

export interface MrrAmount {
  currency: string;
  /** 4 decimals, exact (the sum of every term's monthly share, rounded once). */
  amount: string;
}

export interface MrrPoint {
  /** 'YYYY-MM' */
  month: string;
  at: Date;
  amounts: MrrAmount[];
}

const SNAP = snapshotSql('s.price_snapshot');

/**
 * The services that count towards MRR, one row each: currency, term (period, count), one
 * service's renewal amount per term, when it started and when it ended (null while running).
 * Shared with the MRR report (report-mrr.ts).
 * NOTE: the snapshot's checks and the share are the stored `mrr_amount` (Service.mrrAmount): null
 * unless the snapshot is a recurring term with a valid period, count, amount, currency and
 * quantity, so the fields read here are those checked ones.
 */
export const RUNNING_SERVICES = sql<{ currency: string; period: Period; count: number; amount: string; started: Date; ended: Date | null }>`
      select ${sql.raw(SNAP.currency)} as currency,
             ${sql.raw(SNAP.period)} as period,
             (${sql.raw(SNAP.intervalCount)})::int as count,
             s.mrr_amount as amount,
             coalesce(s.provisioned_at, s.created_at) as started,
             case when s.status in ('cancelled', 'terminated') then coalesce(
               (select max(e.created_at) from service_event e where e.service_id = s.id and e.to_status in ('cancelled', 'terminated')),
               s.updated_at) end as ended
        from service s
       where s.status <> 'pending' and s.mrr_amount is not null`;

/** MRR per currency at `at`. */
export async function mrrByCurrency(em: EntityManager, at: Date): Promise<MrrAmount[]> {
  const [point] = await mrrAt(em, [at]);
  return point ?? [];
}

/** MRR at the end of each of the last `months` months, the current one as of `now`, oldest first. */
export async function mrrTrend(em: EntityManager, months: number, now: Date): Promise<MrrPoint[]> {
  const count = Math.max(1, Math.min(120, Math.trunc(months)));
  const points: { month: string; at: Date }[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const nextStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const at = back === 0 ? now : new Date(nextStart.getTime() - 1);
    points.push({ month: start.toISOString().slice(0, 7), at });
  }
  const amounts = await mrrAt(
    em,
    points.map((p) => p.at),
  );
  return points.map((p, i) => ({ ...p, amounts: amounts[i] ?? [] }));
}

/**
 * One statement for every instant: sums per instant, currency and term, normalised here exactly.
 * NOTE: each service is placed once, not compared with every instant: it runs at the instants
 * from the first one not before it started to the last one before it ended, so it is summed with
 * the services of the same term, start and end buckets (a few hundred groups, however many
 * services), and each instant adds up the groups that span it. The sums are the same numerics.
 */
export async function mrrAt(em: EntityManager, instants: readonly Date[]): Promise<MrrAmount[][]> {
  // width_bucket wants its bounds in order; `order` maps each bound back to its instant.
  const order = instants.map((at, i) => ({ at, i })).sort((a, b) => a.at.getTime() - b.at.getTime());
  const bounds = order.map((o) => o.at.toISOString());
  const { rows } = await sql<{ i: number; currency: string; period: Period; count: number; total: string }>`
    -- NOTE: materialized, so each snapshot is read once.
    with running as materialized (
      ${RUNNING_SERVICES}
    ),
    -- A timestamp is exact to the microsecond: the bounds before x are those at or before x - 1 µs.
    spans as (
      select r.currency, r.period, r.count,
             width_bucket(r.started - interval '1 microsecond', ${bounds}::timestamptz[]) as after,
             coalesce(width_bucket(r.ended - interval '1 microsecond', ${bounds}::timestamptz[]), ${order.length}::int) as upto,
             sum(r.amount) as total
        from running r group by 1, 2, 3, 4, 5
    )
    select t.i::int as i, s.currency, s.period, s.count, sum(s.total)::text as total
      from generate_series(1, ${order.length}::int) as t(i)
      join spans s on t.i > s.after and t.i <= s.upto
     group by t.i, s.currency, s.period, s.count`.execute(db(em));
  const out: MrrAmount[][] = instants.map(() => []);
  const groups = new Map<string, { i: number; currency: string; parts: Parameters<typeof monthlyTotal>[0] }>();
  for (const r of rows) {
    const i = order[r.i - 1]!.i;
    const key = `${i}|${r.currency}`;
    const g = groups.get(key) ?? { i, currency: r.currency, parts: [] };
    g.parts.push({ units: unitsOf(r.total), period: r.period, count: r.count });
    groups.set(key, g);
  }
  for (const g of groups.values()) out[g.i]!.push({ currency: g.currency, amount: toDecimalString(monthlyTotal(g.parts)) });
  for (const list of out) list.sort((a, b) => a.currency.localeCompare(b.currency));
  return out;
}

/** A numeric sum as text (any scale up to 4) to units. */
function unitsOf(text: string): bigint {
  const [whole, frac = ''] = text.split('.');
  const negative = whole!.startsWith('-');
  const units = BigInt(whole!.replace('-', '')) * 10_000n + BigInt(frac.padEnd(4, '0').slice(0, 4));
  return negative ? -units : units;
}
