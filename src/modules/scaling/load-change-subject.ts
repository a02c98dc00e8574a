import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { currencyOf, parsePriceSnapshot, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { NotFound } from '../shared/errors.ts';
import type { ChangePeriod } from './rules/current-period.ts';
import { isRowId } from '../shared/row-id.ts';

/** A service as a package change sees it. */
export interface ChangeSubject {
  serviceId: number;
  clientId: number;
  status: ServiceStatus;
  /** The day it ends, as cancelled at the end of its term; null while it renews. */
  cancelAt: string | null;
  packageId: number;
  packageName: string;
  anchorDay: number | null;
  nextDueDate: CalendarDate | null;
  snapshot: PriceSnapshot;
  /** What the service is billed in (its order's currency). */
  currency: string | null;
  client: { country: string | null; vatId: string | null; currency: string | null; language: string | null };
  /** The latest ledger period holding today, if any. */
  ledger: ChangePeriod | null;
}

/**
 * Loads a service (only `clientId`'s own when given) for a preview or a confirmation. Runs in
 * the caller's transaction when there is one, so a confirmation reads what it locked.
 */
export async function loadChangeSubject(
  em: EntityManager,
  serviceId: number,
  clientId: number | undefined,
  today: CalendarDate,
): Promise<ChangeSubject> {
  if (!isRowId(serviceId)) throw new NotFound('That service');
  const q = db(em);
  let query = q
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .select([
      's.id',
      's.client_id',
      's.status',
      's.cancel_at',
      's.package_id',
      'p.name as package_name',
      's.anchor_day',
      's.next_due_date',
      's.price_snapshot',
      'c.country',
      'c.vat_id',
      'c.currency as client_currency',
      'c.language as client_language',
    ])
    .where('s.id', '=', serviceId);
  if (clientId !== undefined) query = query.where('s.client_id', '=', clientId);
  const r = await query.executeTakeFirst();
  if (!r) throw new NotFound('That service');
  const period = await q
    .selectFrom('service_period')
    .select(['period_start', 'period_end'])
    .where('service_id', '=', serviceId)
    .where('period_start', '<=', today)
    .where('period_end', '>', today)
    .orderBy('period_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  const snapshot = parsePriceSnapshot(r.price_snapshot);
  return {
    serviceId: r.id,
    clientId: r.client_id,
    status: r.status,
    cancelAt: r.cancel_at,
    packageId: r.package_id,
    packageName: r.package_name,
    anchorDay: r.anchor_day ?? snapshot.quote?.anchorDay ?? null,
    nextDueDate: r.next_due_date,
    snapshot,
    currency: currencyOf(snapshot),
    client: { country: r.country, vatId: r.vat_id, currency: r.client_currency, language: r.client_language ?? null },
    ledger: period ? { start: period.period_start, end: period.period_end } : null,
  };
}
