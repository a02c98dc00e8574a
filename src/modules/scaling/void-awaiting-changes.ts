import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import { ENDED_STATUSES } from '../services/rules/lifecycle.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { releaseCouponUse } from '../coupons/release-coupon-use.ts';
import { returnAppliedCredit } from '../invoicing/return-applied-credit.ts';

/**
 * serviceId: every awaiting change of that service. stale: changes whose period ended by that
 * day, or whose service has ended. dueDateMoved: changes whose service's due date is no longer
 * their period's end (the next period was renewed, at the old price, before the change was
 * paid); a free service's change starting its first term (no due date yet) is not one of them.
 * changeIds: those changes (found by one of the others, their invoices since locked).
 */
export type AwaitingChanges = { serviceId: number } | { stale: CalendarDate } | { dueDateMoved: true } | { changeIds: readonly number[] };

/** The condition on `service_change` rows for one set of awaiting changes. */
export function awaitingWhere(which: AwaitingChanges) {
  return (eb: ExpressionBuilder<Database, 'service_change'>): Expression<SqlBool> => {
    if ('serviceId' in which) return eb('service_change.service_id', '=', which.serviceId);
    if ('changeIds' in which) return eb('service_change.id', 'in', [...which.changeIds]);
    if ('stale' in which) {
      return eb.or([
        eb('service_change.period_end', '<=', which.stale),
        eb('service_change.service_id', 'in', eb.selectFrom('service').select('id').where('status', 'in', ENDED_STATUSES)),
      ]);
    }
    return eb.exists(
      eb
        .selectFrom('service as s')
        .select('s.id')
        .whereRef('s.id', '=', 'service_change.service_id')
        .where('s.next_due_date', 'is not', null)
        .whereRef('s.next_due_date', '<>', 'service_change.period_end'),
    );
  };
}

/**
 * Voids awaiting-payment changes and their still-unpaid invoices, with a line in each service's
 * history; the unit each held of its target package is free again, and a coupon use each took. Inside the caller's
 * transaction, which has locked the invoices first (the order a payment locks in).
 */
export async function voidAwaitingChanges(tx: EntityManager, which: AwaitingChanges, reason: string, now: Date): Promise<number> {
  if ('changeIds' in which && !which.changeIds.length) return 0;
  const q = db(tx);
  const voided = await q
    .updateTable('service_change')
    .set({ status: 'void' })
    .where('status', '=', 'awaiting_payment')
    .where(awaitingWhere(which))
    .returning(['id', 'service_id', 'invoice_id', 'to_package_id'])
    .execute();
  const invoices = voided.flatMap((v) => (v.invoice_id === null ? [] : [v.invoice_id]));
  if (invoices.length) {
    const unpaid = await q
      .updateTable('invoice')
      .set({ status: 'void' })
      .where('status', '=', 'unpaid')
      .where('id', 'in', invoices)
      .returning(['id', 'client_id', 'credit_applied', 'currency'])
      .execute();
    // Credit the client put towards a change's invoice comes back with it.
    await returnAppliedCredit(tx, unpaid, reason, now);
  }
  await releaseCouponUse(tx, { serviceChangeIds: voided.map((v) => v.id) }, now);
  // NOTE: one statement per change: its history line is written from the service and the target
  // package as they are (none when either is gone), the note cut at 500 characters by PostgreSQL.
  for (const v of voided) {
    const head = `Change #${v.id} to `;
    const tail = ` cancelled${v.invoice_id === null ? '' : ` with invoice #${v.invoice_id}`}: ${reason}`;
    await q
      .insertInto('service_event')
      .columns(['service_id', 'from_status', 'to_status', 'note', 'actor', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('service as s')
          .innerJoin('package as p', (j) => j.on('p.id', '=', v.to_package_id))
          .select((x) => [
            's.id',
            's.status',
            's.status as to_status',
            sql<string>`left(${head} || ${x.ref('p.name')} || ${tail}, 500)`.as('note'),
            x.val('system').as('actor'),
            x.val(now).as('created_at'),
          ])
          .where('s.id', '=', v.service_id),
      )
      .execute();
  }
  return voided.length;
}
