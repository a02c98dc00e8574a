import type { EntityManager } from '@mikro-orm/postgresql';
import { recordOutbox } from '../outbox/record-outbox.ts';
import { recordServiceEvent } from '../services/record-service-event.ts';
import { reissueRenewals } from '../billing/reissue-renewals.ts';

export const serviceChangeKey = (changeId: number) => `service-change:${changeId}`;

type Snapshot = { priceName?: string; price?: { type?: string } | null };

/**
 * Moves the service to the change's package, price and snapshot, and records the plugin's
 * `changePackage` in the outbox, inside the caller's transaction (a confirmation, or the
 * payment of the change's invoice). Returns false when the change was not awaiting payment.
 * NOTE: the status flips with a conditional UPDATE, so a payment reported twice (or racing a
 * confirmation) applies the change once and records one outbox row.
 * NOTE: the next due date stays; only a move to a free price drops it (nothing renews), and a
 * free service moving to a paid price takes the first term its change paid for.
 */
export async function applyServiceChange(tx: EntityManager, changeId: number, now: Date): Promise<boolean> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const [change] = await conn.execute<{ service_id: number; to_package_id: number; to_price_id: number | null; new_snapshot: Snapshot; period_start: string; period_end: string; invoice_id: number | null; actor: string }[]>(
    `update service_change set status = 'applied', applied_at = ? where id = ? and status = 'awaiting_payment'
     returning service_id, to_package_id, to_price_id, new_snapshot, period_start::text as period_start, period_end::text as period_end, invoice_id, actor`,
    [now, changeId],
    'all',
    ctx,
  );
  if (!change) return false;
  const [before] = await conn.execute<{ status: string; next_due_date: string | null; package_name: string; price_snapshot: Snapshot | null }[]>(
    `select s.status, s.next_due_date::text as next_due_date, p.name as package_name, s.price_snapshot from service s join package p on p.id = s.package_id where s.id = ? for update of s`,
    [change.service_id],
    'all',
    ctx,
  );
  const [target] = await conn.execute<{ name: string }[]>('select name from package where id = ?', [change.to_package_id], 'all', ctx);
  const free = change.new_snapshot.price?.type === 'free';
  const startsTerm = !free && before!.next_due_date === null;
  const anchor = (change.new_snapshot as { quote?: { anchorDay?: number | null } }).quote?.anchorDay ?? null;
  await conn.execute(
    `update service set package_id = ?, price_id = ?, price_snapshot = ?, updated_at = ?,
            next_due_date = case when ? then null when ? then ?::date else next_due_date end,
            anchor_day = case when ? then ? else anchor_day end
      where id = ?`,
    [change.to_package_id, change.to_price_id, JSON.stringify(change.new_snapshot), now, free, startsTerm, change.period_end, startsTerm, anchor, change.service_id],
    'run',
    ctx,
  );
  if (startsTerm) {
    await conn.execute('insert into service_period (service_id, period_start, period_end, invoice_id, paid_at) values (?, ?, ?, ?, ?) on conflict do nothing', [change.service_id, change.period_start, change.period_end, change.invoice_id, now], 'run', ctx);
  }
  // A renewal invoiced ahead at the old price is billed again at the new one by the next run.
  await reissueRenewals(tx, change.service_id, now);
  const label = (name: string, s: Snapshot | null) => (s?.priceName ? `${name} (${s.priceName})` : name);
  await recordServiceEvent(tx, {
    serviceId: change.service_id,
    from: before!.status,
    to: before!.status,
    note: `Moved from ${label(before!.package_name, before!.price_snapshot)} to ${label(target!.name, change.new_snapshot)} (change #${changeId}).`,
    actor: change.actor,
    at: now,
  });
  // NOTE: an ended service has nothing left on the panel to change.
  if (before!.status !== 'terminated' && before!.status !== 'cancelled') {
    const key = serviceChangeKey(changeId);
    await recordOutbox(tx, { queue: 'provisioning', job: 'service-action', payload: { serviceId: change.service_id, verb: 'changePackage', changeId, outboxKey: key }, dedupeKey: key });
  }
  return true;
}
