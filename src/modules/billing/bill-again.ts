import type { EntityManager } from '@mikro-orm/postgresql';
import { voidInvoiceIn } from '../invoicing/void-invoice.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/**
 * Voids an unpaid renewal invoice so the next run bills its periods again: applied credit goes
 * back, its unpaid periods leave the ledger and each service's `billed_until` moves back to the
 * first of them. Whatever is still due then (the due query's rules: a live service, a period
 * before its `cancel_at`) is billed on a new invoice with the same period starts, so the same due
 * dates; what is no longer due is not. Inside the caller's transaction, which must hold the
 * invoice row (locked before its client and services, the order payments take). Returns whether
 * this call voided it (false when it was no longer unpaid).
 * NOTE: only the ledger rows of this invoice's renewal lines go (matched on the ledger's unique
 * key, as payments mark them); a later period on another invoice stays and is skipped by the next
 * run's ON CONFLICT, so moving `billed_until` back bills no period twice.
 */
export async function billAgain(tx: EntityManager, invoiceId: number, reason: string, now: Date): Promise<boolean> {
  if (!(await voidInvoiceIn(tx, invoiceId, reason, now))) return false;
  // NOTE: raw SQL: a delete feeding an update through a CTE is one statement here.
  await sql`
    with gone as (
       delete from service_period sp using invoice_line l
        where l.invoice_id = ${invoiceId} and l.kind = 'renewal' and sp.service_id = l.service_id and sp.period_start = l.period_start and sp.paid_at is null
        returning sp.service_id, sp.period_start)
     update service s set billed_until = g.first_start
       from (select service_id, min(period_start) as first_start from gone group by service_id) g
      where s.id = g.service_id and (s.billed_until is null or s.billed_until > g.first_start)`.execute(db(tx));
  return true;
}
