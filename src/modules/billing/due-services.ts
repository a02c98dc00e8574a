import { taxTreatment } from '../settings/rules/eu-vat.ts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import { snapshotSql } from '../pricing/rules/price-snapshot.ts';
import type { CalendarDate } from '../shared/dates.ts';
import type { ServiceStatus } from '../shared/statuses.ts';

// The one definition of "due for renewal" (on `s`, the service), shared by the scan that splits
// the work, the batch that does it and the preview, so they can never disagree about which
// services a run covers.

const SNAP = snapshotSql('s.price_snapshot');

/** Statuses that are billed: a pending service is billed once it is set up. */
const BILLED_STATUSES = ['active', 'suspended'] as const satisfies readonly ServiceStatus[];

/** The next period to bill starts at the end of the last billed one, or at the next due date. */
export const BILL_FROM: RawBuilder<string> = sql<string>`coalesce(s.billed_until, s.next_due_date)`;

/** Due for a period starting on or before `horizon` (as of + invoice_days_before). */
export function dueService(horizon: CalendarDate): RawBuilder<boolean> {
  return sql<boolean>`s.status in (${sql.join(BILLED_STATUSES)}) and s.next_due_date is not null
    and ${BILL_FROM} <= ${horizon}::date
    and (s.cancel_at is null or s.cancel_at > ${BILL_FROM})`;
}

/**
 * The due services with what renewing them reads: when billing starts, the anchor, the end date,
 * the package's taxability, the client's country rate and VAT ID (dueTaxRate decides) and the
 * currency's minor units, and the
 * renewal parts of the price snapshot as stored (parsed per service, so a bad one is one
 * service's failure, not the batch's).
 */
export function selectDueServices(q: Kysely<Database>, horizon: CalendarDate) {
  return q
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .leftJoin('tax_rate as t', 't.country', 'c.country')
    .leftJoin('currency as cur', (j) => j.on('cur.code', '=', sql.raw<string>(SNAP.currency)))
    .select([
      's.id',
      's.client_id',
      's.parent_id',
      's.anchor_day',
      's.cancel_at',
      'p.name as package_name',
      'p.taxable',
      't.rate as country_rate',
      'c.country',
      'c.vat_id',
      'c.language as client_language',
      'cur.minor_units',
    ])
    .select([sql<CalendarDate>`${BILL_FROM}::text`.as('bill_from'), sql<unknown>`${sql.raw(SNAP.renewalParts)}`.as('snapshot')])
    .where(dueService(horizon));
}

/** The rate a due service's client pays: their country's, or 0 under EU reverse charge. */
export function dueTaxRate(
  row: { country: string | null; vat_id: string | null; country_rate: string | null },
  sellerCountry: string | null,
): string | null {
  return taxTreatment({ sellerCountry, buyerCountry: row.country, buyerVatId: row.vat_id, countryRate: row.country_rate }).rate;
}
