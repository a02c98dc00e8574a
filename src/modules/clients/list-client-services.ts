import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { currencyOf, parsePriceSnapshot, unitsOf } from '../pricing/rules/price-snapshot.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import type { ServiceStatus } from '../shared/statuses.ts';

export interface ClientServiceRow {
  id: number;
  packageName: string;
  status: ServiceStatus;
  priceName: string | null;
  amount: string | null;
  currency: string | null;
  minorUnits: number;
  nextDueDate: string | null;
  /** The day a cancellation at the end of the term ends it, if one is set. */
  cancelAt: string | null;
  createdAt: Date;
}

/**
 * One client's services, newest first. NOTE: the client id is the only filter and it comes from
 * the caller's session (or a staff page), never from the request, so nobody sees another's rows.
 * The price shown is one unit's renewal from the order snapshot (the order line's covers every
 * unit, an exact multiple) when there is one, else the price row.
 */
export async function listClientServices(em: EntityManager, clientId: number, limit = 200): Promise<ClientServiceRow[]> {
  const q = db(em);
  const rows = await q
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .leftJoin('package_price as pp', 'pp.id', 's.price_id')
    .select([
      's.id',
      'p.name as package_name',
      's.status',
      's.next_due_date',
      's.cancel_at',
      's.created_at',
      's.price_snapshot',
      'pp.name as price_row_name',
      'pp.price as price_row_amount',
      'pp.currency as price_row_currency',
    ])
    .where('s.client_id', '=', clientId)
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute();
  const services = rows.map((r) => {
    const snap = parsePriceSnapshot(r.price_snapshot);
    const renewal = snap.quote?.renewalAmount;
    return {
      id: r.id,
      packageName: r.package_name,
      status: r.status,
      priceName: snap.priceName ?? r.price_row_name,
      amount: renewal ? toDecimalString(fromDecimalString(renewal) / BigInt(unitsOf(snap))) : r.price_row_amount,
      currency: currencyOf(snap) ?? r.price_row_currency,
      nextDueDate: r.next_due_date,
      cancelAt: r.cancel_at,
      createdAt: r.created_at,
    };
  });
  const codes = [...new Set(services.flatMap((s) => (s.currency ? [s.currency] : [])))];
  const minor = new Map(
    codes.length
      ? (await q.selectFrom('currency').select(['code', 'minor_units']).where('code', 'in', codes).execute()).map((c) => [
          c.code,
          c.minor_units,
        ])
      : [],
  );
  return services.map((s) => ({ ...s, minorUnits: (s.currency ? minor.get(s.currency) : undefined) ?? 2 }));
}
