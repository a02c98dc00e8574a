import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';

/**
 * serviceId: every awaiting change of that service. stale: changes whose period ended by that
 * day, or whose service has ended. dueDateMoved: changes whose service's due date is no longer
 * their period's end (the next period was renewed, at the old price, before the change was
 * paid); a free service's change starting its first term (no due date yet) is not one of them.
 * changeIds: those changes (found by one of the others, their invoices since locked).
 */
export type AwaitingChanges = { serviceId: number } | { stale: CalendarDate } | { dueDateMoved: true } | { changeIds: readonly number[] };

/** The condition on `service_change` rows (unaliased) for one set of awaiting changes. */
export function awaitingWhere(which: AwaitingChanges): { sql: string; params: unknown[] } {
  if ('serviceId' in which) return { sql: 'service_id = ?', params: [which.serviceId] };
  if ('changeIds' in which) return { sql: 'id = any(?::int[])', params: [`{${which.changeIds.join(',')}}`] };
  if ('stale' in which) return { sql: `(period_end <= ? or service_id in (select id from service where status in ('cancelled', 'terminated')))`, params: [which.stale] };
  return { sql: 'exists (select 1 from service s where s.id = service_change.service_id and s.next_due_date is not null and s.next_due_date <> service_change.period_end)', params: [] };
}

/**
 * Voids awaiting-payment changes and their still-unpaid invoices, with a line in each service's
 * history; the unit each held of its target package is free again. Inside the caller's
 * transaction, which has locked the invoices first (the order a payment locks in).
 */
export async function voidAwaitingChanges(tx: EntityManager, which: AwaitingChanges, reason: string, now: Date): Promise<number> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const where = awaitingWhere(which);
  const voided = await conn.execute<{ id: number; service_id: number; invoice_id: number | null; to_package_id: number }[]>(
    `update service_change set status = 'void' where status = 'awaiting_payment' and ${where.sql} returning id, service_id, invoice_id, to_package_id`,
    where.params,
    'all',
    ctx,
  );
  const invoices = voided.map((v) => v.invoice_id).filter((id): id is number => id !== null);
  if (invoices.length) await conn.execute(`update invoice set status = 'void' where status = 'unpaid' and id in (${invoices.map(() => '?').join(', ')})`, invoices, 'run', ctx);
  for (const v of voided) {
    await conn.execute(
      `insert into service_event (service_id, from_status, to_status, note, actor, created_at)
       select s.id, s.status, s.status, left('Change #' || ? || ' to ' || p.name || ' cancelled' || coalesce(' with invoice #' || ?::int, '') || ': ' || ?, 500), 'system', ?
         from service s join package p on p.id = ? where s.id = ?`,
      [v.id, v.invoice_id, reason, now, v.to_package_id, v.service_id],
      'run',
      ctx,
    );
  }
  return voided.length;
}
