import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { RenewalCoupon } from './rules/discount.ts';

export type RenewalCouponOf = RenewalCoupon & { granted: Set<string> };

/**
 * The coupons the given services renew with, and the periods of each already discounted (a
 * discount line on any invoice, a voided one included), so a period billed again after its
 * invoice was voided keeps its discount without using a second cycle.
 */
export async function loadRenewalCoupons(tx: EntityManager, serviceIds: readonly number[]): Promise<Map<number, RenewalCouponOf>> {
  if (!serviceIds.length) return new Map();
  // NOTE: the ids go as one array parameter: a batch may hold more services than a statement takes parameters.
  const q = db(tx);
  const rows = await q
    .selectFrom('service_coupon')
    .select(['service_id', 'code', 'kind', 'percent', 'amount', 'cycles_left'])
    .where(sql<boolean>`service_id = any(${[...serviceIds]}::int[])`)
    .where((eb) =>
      eb.or([
        eb('cycles_left', 'is', null),
        eb('cycles_left', '>', 0),
        eb.exists(
          eb
            .selectFrom('invoice_line as l')
            .select('l.id')
            .whereRef('l.service_id', '=', 'service_coupon.service_id')
            .where('l.kind', '=', 'discount'),
        ),
      ]),
    )
    .execute();
  const out = new Map<number, RenewalCouponOf>(
    rows.map((r) => [
      r.service_id,
      { code: r.code, kind: r.kind, percent: r.percent, amount: r.amount, cyclesLeft: r.cycles_left, granted: new Set<string>() },
    ]),
  );
  if (!out.size) return out;
  const granted = await q
    .selectFrom('invoice_line')
    .select(['service_id', sql<string>`period_start::text`.as('period_start')])
    .where('kind', '=', 'discount')
    .where(sql<boolean>`service_id = any(${[...out.keys()]}::int[])`)
    .where('period_start', 'is not', null)
    .execute();
  for (const g of granted) out.get(g.service_id!)?.granted.add(g.period_start);
  return out;
}
