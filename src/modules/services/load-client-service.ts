import type { EntityManager } from '@mikro-orm/postgresql';
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
  const [row] = await em.getConnection().execute<{ allow_cancellation: boolean; fee: string | null; fee_currency: string | null; minor_units: number | null }[]>(
    `select p.allow_cancellation, s.price_snapshot->'price'->>'cancellationFee' as fee, s.price_snapshot->'price'->>'currency' as fee_currency, cur.minor_units
       from service s join package p on p.id = s.package_id left join currency cur on cur.code = coalesce(s.price_snapshot->'quote'->>'currency', s.price_snapshot->'price'->>'currency')
      where s.id = ?`,
    [serviceId],
  );
  const cancellable = service.status === 'active' || service.status === 'suspended';
  const fee = row?.fee && !/^0+(\.0+)?$/.test(row.fee) ? row.fee : null;
  return { service, canCancel: !!row?.allow_cancellation && cancellable, cancellationFee: fee, feeCurrency: fee ? (row?.fee_currency ?? null) : null, minorUnits: row?.minor_units ?? 2 };
}
