import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from '../catalog/rules/constants.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { NotFound } from '../shared/errors.ts';
import type { ChangePeriod } from './rules/current-period.ts';

/** The parts of a service's price snapshot (an order line's, or a change's) a change reads. */
export interface ServiceSnapshot {
  priceName?: string;
  optionIds?: number[];
  price?: { id?: number; name?: string; type?: string; intervalCount?: number | null; period?: Period | null; currency?: string } | null;
  quote?: { renewalAmount?: string | null; currency?: string; lines?: { quantity?: number }[]; anchorDay?: number | null } | null;
}

/** A service as a package change sees it. */
export interface ChangeSubject {
  serviceId: number;
  clientId: number;
  status: ServiceStatus;
  packageId: number;
  packageName: string;
  anchorDay: number | null;
  nextDueDate: CalendarDate | null;
  snapshot: ServiceSnapshot;
  /** What the service is billed in (its order's currency). */
  currency: string | null;
  client: { country: string | null; currency: string | null };
  /** The latest ledger period holding today, if any. */
  ledger: ChangePeriod | null;
}

/**
 * Loads a service (only `clientId`'s own when given) for a preview or a confirmation. Runs in
 * the caller's transaction when there is one, so a confirmation reads what it locked.
 */
export async function loadChangeSubject(em: EntityManager, serviceId: number, clientId: number | undefined, today: CalendarDate): Promise<ChangeSubject> {
  if (!Number.isSafeInteger(serviceId) || serviceId < 1 || serviceId > 2_147_483_647) throw new NotFound('That service');
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  const [r] = await conn.execute<{ id: number; client_id: number; status: ServiceStatus; package_id: number; package_name: string; anchor_day: number | null; next_due_date: string | null; price_snapshot: ServiceSnapshot | null; country: string | null; client_currency: string | null }[]>(
    `select s.id, s.client_id, s.status, s.package_id, p.name as package_name, s.anchor_day, s.next_due_date::text as next_due_date, s.price_snapshot, c.country, c.currency as client_currency
       from service s join package p on p.id = s.package_id join client c on c.id = s.client_id
      where s.id = ? ${clientId === undefined ? '' : 'and s.client_id = ?'}`,
    clientId === undefined ? [serviceId] : [serviceId, clientId],
    'all',
    ctx,
  );
  if (!r) throw new NotFound('That service');
  const [period] = await conn.execute<{ start: string; end: string }[]>(
    `select period_start::text as start, period_end::text as "end" from service_period where service_id = ? and period_start <= ? and period_end > ? order by period_start desc limit 1`,
    [serviceId, today, today],
    'all',
    ctx,
  );
  const snapshot = r.price_snapshot ?? {};
  return {
    serviceId: r.id,
    clientId: r.client_id,
    status: r.status,
    packageId: r.package_id,
    packageName: r.package_name,
    anchorDay: r.anchor_day ?? snapshot.quote?.anchorDay ?? null,
    nextDueDate: r.next_due_date,
    snapshot,
    currency: snapshot.quote?.currency ?? snapshot.price?.currency ?? null,
    client: { country: r.country, currency: r.client_currency },
    ledger: period ? { start: period.start, end: period.end } : null,
  };
}
