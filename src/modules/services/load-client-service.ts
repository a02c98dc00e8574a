import { calendarDateOf } from '../shared/dates.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { findPlugin } from '../plugins/registry.ts';
import { currencyOf, parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { toDecimalString } from '../shared/money.ts';
import { listServiceInvoices, type ServiceInvoiceRow } from './list-service-invoices.ts';
import { loadService, type ServiceDetail } from './load-service.ts';
import { cancellationFeeDue } from './rules/cancellation-fee.ts';
import { withdrawRefusal } from './rules/withdraw-cancellation.ts';
import { loadWithdrawFacts } from './withdraw-cancellation.ts';
import { serviceDetails, type ServiceDetailRow } from './rules/service-details.ts';

export interface ClientService {
  service: ServiceDetail;
  /** The package lets clients cancel, and the service is in a state that can be cancelled. */
  canCancel: boolean;
  /** It is set to end with its term by request, and the client may keep it running instead (withdrawRefusal). */
  canWithdraw: boolean;
  /** Its paid term is already over (a renewal unpaid): cancelling at its end ends it at once. */
  termOver: boolean;
  /** What cancelling now would invoice (cancellationFeeDue): 4 decimals, in feeCurrency; null for none. */
  cancellationFee: string | null;
  feeCurrency: string | null;
  /** Of the service's currency (and the fee's), for display. */
  minorUnits: number;
  /** Newest first. */
  invoices: ServiceInvoiceRow[];
  /** What the plugin returned on create; secrets without their values. */
  details: ServiceDetailRow[];
}

/** A client's own service with what its page offers at `now` (another client's is not found). */
export async function loadClientService(em: EntityManager, clientId: number, serviceId: number, now: Date): Promise<ClientService> {
  const service = await loadService(em, serviceId, clientId);
  const q = db(em);
  const [row, invoices, withdraw] = await Promise.all([
    q
      .selectFrom('service as s')
      .innerJoin('package as p', 'p.id', 's.package_id')
      .leftJoin('plugin_instance as pi', 'pi.id', 'p.plugin_instance_id')
      .select(['p.allow_cancellation', 's.price_snapshot', 'pi.plugin'])
      .where('s.id', '=', serviceId)
      .executeTakeFirstOrThrow(),
    listServiceInvoices(em, serviceId, { clientId }),
    loadWithdrawFacts(em, serviceId, clientId),
  ]);
  const snap = parsePriceSnapshot(row.price_snapshot);
  const currency = currencyOf(snap);
  const cur = currency
    ? await q.selectFrom('currency').select(['minor_units', 'rate']).where('code', '=', currency).executeTakeFirst()
    : undefined;
  const cancellable = service.status === 'active' || service.status === 'suspended';
  const fee = cancellationFeeDue({ snapshot: snap, nextDueDate: service.nextDueDate, rate: cur?.rate ?? null }, now);
  return {
    service,
    canCancel: row.allow_cancellation && cancellable,
    canWithdraw: row.allow_cancellation && !!withdraw && withdrawRefusal(withdraw.facts, calendarDateOf(now)) === null,
    termOver: service.nextDueDate !== null && service.nextDueDate <= calendarDateOf(now),
    cancellationFee: fee && toDecimalString(fee.amount),
    feeCurrency: fee?.currency ?? null,
    minorUnits: cur?.minor_units ?? 2,
    invoices,
    details: serviceDetails(service.pluginData, (row.plugin && findPlugin(row.plugin)?.tags) || []),
  };
}
