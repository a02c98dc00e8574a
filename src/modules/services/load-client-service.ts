import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { currencyOf, parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { loadService, type ServiceDetail } from './load-service.ts';

export interface ClientService {
  service: ServiceDetail;
  /** The package lets clients cancel, and the service is in a state that can be cancelled. */
  canCancel: boolean;
  /** Charged when cancelled now with time left in the term: 4 decimals, in feeCurrency. */
  cancellationFee: string | null;
  feeCurrency: string | null;
  /** Of the service's currency (and the fee's), for display. */
  minorUnits: number;
}

/** A client's own service with what its page offers (another client's is not found). */
export async function loadClientService(em: EntityManager, clientId: number, serviceId: number): Promise<ClientService> {
  const service = await loadService(em, serviceId, clientId);
  const q = db(em);
  const row = await q
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select(['p.allow_cancellation', 's.price_snapshot'])
    .where('s.id', '=', serviceId)
    .executeTakeFirstOrThrow();
  const snap = parsePriceSnapshot(row.price_snapshot);
  const currency = currencyOf(snap);
  const cur = currency ? await q.selectFrom('currency').select('minor_units').where('code', '=', currency).executeTakeFirst() : undefined;
  const cancellable = service.status === 'active' || service.status === 'suspended';
  const raw = snap.price?.cancellationFee;
  const fee = raw && !/^0+(\.0+)?$/.test(raw) ? raw : null;
  return { service, canCancel: row.allow_cancellation && cancellable, cancellationFee: fee, feeCurrency: fee ? (snap.price?.currency ?? null) : null, minorUnits: cur?.minor_units ?? 2 };
}
