import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { invoiceNumber } from '../invoicing/rules/invoice-document.ts';
import type { InvoiceStatus } from '../shared/statuses.ts';

/** An invoice that bills a service. */
export interface ServiceInvoiceRow {
  id: number;
  number: string;
  status: InvoiceStatus;
  date: string;
  total: string;
  currency: string;
  minorUnits: number;
}

/**
 * The invoices that bill a service or its add-ons, newest first: those with a line for one of
 * them (renewals, changes, a cancellation fee) and the orders' invoices that bought them, whose
 * lines name no service (the service came after); an add-on ordered later was bought on an
 * invoice of its own, listed from the moment it is ordered. A client sees only their own and no drafts, which are not issued yet;
 * staff see every one.
 */
export async function listServiceInvoices(
  em: EntityManager,
  serviceId: number,
  viewer: { clientId: number } | 'staff',
): Promise<ServiceInvoiceRow[]> {
  const rows = await db(em)
    .selectFrom('invoice as i')
    .leftJoin('currency as cur', 'cur.code', 'i.currency')
    .selectAll('i')
    .select('cur.minor_units')
    // NOTE: the client id is checked again on the invoice, not only through the service. For staff
    // it is the service's client: the invoices looked at are that client's (by its index), not all.
    .$if(viewer !== 'staff', (q) => q.where('i.client_id', '=', (viewer as { clientId: number }).clientId).where('i.status', '!=', 'draft'))
    .$if(viewer === 'staff', (q) =>
      q.where('i.client_id', '=', (eb) => eb.selectFrom('service as owner').select('owner.client_id').where('owner.id', '=', serviceId)),
    )
    .where((eb) => {
      // The service and its add-ons (an add-on has none of its own).
      const family = eb
        .selectFrom('service as f')
        .select('f.id')
        .where((w) => w.or([w('f.id', '=', serviceId), w('f.parent_id', '=', serviceId)]));
      return eb.or([
        eb.exists(
          eb.selectFrom('invoice_line as l').select('l.id').whereRef('l.invoice_id', '=', 'i.id').where('l.service_id', 'in', family),
        ),
        eb(
          'i.order_id',
          'in',
          eb
            .selectFrom('service as s')
            .innerJoin('order_line as ol', 'ol.id', 's.order_line_id')
            .select('ol.order_id')
            .where('s.id', 'in', family),
        ),
        // An add-on ordered later for the service: its order's invoice, from before it is paid
        // (when no add-on service exists yet to name it) to after.
        eb('i.order_id', 'in', eb.selectFrom('order_line as pl').select('pl.order_id').where('pl.parent_service_id', '=', serviceId)),
      ]);
    })
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
  return rows.map((i) => ({
    id: i.id,
    number: invoiceNumber(i),
    status: i.status,
    date: i.created_at.toISOString().slice(0, 10),
    total: i.total,
    currency: i.currency,
    minorUnits: i.minor_units ?? 2,
  }));
}
