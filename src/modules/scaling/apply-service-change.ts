import type { EntityManager } from '@mikro-orm/postgresql';
import { parsePriceSnapshot, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { serviceActionLater } from '../../queue/jobs.ts';
import { recordServiceEvent } from '../services/record-service-event.ts';
import { reissueRenewals } from '../billing/reissue-renewals.ts';
import { parseDate } from '../shared/dates.ts';
import { formatMoney, fromDecimalString } from '../shared/money.ts';
import { balanceCreditOf } from './balance-credit.ts';
import { moveCredit } from '../invoicing/move-credit.ts';
import { anchorAfterChange } from './rules/change-anchor.ts';

export const serviceChangeKey = (changeId: number) => `service-change:${changeId}`;

interface ChangeRow {
  service_id: number;
  to_package_id: number;
  to_price_id: number | null;
  new_snapshot: unknown;
  period_start: string;
  period_end: string;
  invoice_id: number | null;
  actor: string;
}

interface ServiceBefore {
  status: string;
  next_due_date: string | null;
  anchor_day: number | null;
  package_name: string;
  price_snapshot: unknown;
  client_id: number;
  client_currency: string | null;
}

/** applied: the service moved; void: paid too late to apply, the money went back as credit; null: it was not awaiting payment. */
export type ApplyOutcome = 'applied' | 'void' | null;

const label = (name: string, s: PriceSnapshot) => (s.priceName ? `${name} (${s.priceName})` : name);

/**
 * Moves the service to the change's package, price and snapshot, and records the plugin's
 * `changePackage` in the outbox, inside the caller's transaction (a confirmation, or the
 * payment of the change's invoice).
 * NOTE: the change row is locked and its status flips only from 'awaiting_payment', so a payment
 * reported twice (or racing a confirmation) applies the change once and records one outbox row.
 * NOTE: the locks are client, then service: the order confirmations and billing runs take them
 * in (a payment already holds the invoice), so the credit given back below cannot deadlock.
 * NOTE: the next due date stays; only a move to a free price drops it (nothing renews), and a
 * free service moving to a paid price takes the first term its change paid for. Either way
 * `billed_until` is cleared with it, so the next run chains from the new due date.
 * NOTE: a change is priced for the days up to the due date it saw (its period end). When its
 * invoice is paid after that due date moved on (the client paid the renewal of the next period
 * first, at the old price), applying it would give the prepaid period the new package for the
 * old price: the change is voided instead and what was paid for it goes back as account credit.
 */
export async function applyServiceChange(tx: EntityManager, changeId: number, now: Date): Promise<ApplyOutcome> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const [change] = await conn.execute<ChangeRow[]>(
    `select service_id, to_package_id, to_price_id, new_snapshot, period_start::text as period_start, period_end::text as period_end, invoice_id, actor
       from service_change where id = ? and status = 'awaiting_payment' for update`,
    [changeId],
    'all',
    ctx,
  );
  if (!change) return null;
  await conn.execute('select c.id from client c join service s on s.client_id = c.id where s.id = ? for update of c', [change.service_id], 'all', ctx);
  const [before] = await conn.execute<ServiceBefore[]>(
    `select s.status, s.next_due_date::text as next_due_date, s.anchor_day, p.name as package_name, s.price_snapshot, s.client_id, c.currency as client_currency
       from service s join package p on p.id = s.package_id join client c on c.id = s.client_id where s.id = ? for update of s`,
    [change.service_id],
    'all',
    ctx,
  );
  const [target] = await conn.execute<{ name: string }[]>('select name from package where id = ?', [change.to_package_id], 'all', ctx);
  const newSnapshot = parsePriceSnapshot(change.new_snapshot);
  const oldSnapshot = parsePriceSnapshot(before!.price_snapshot);
  const free = newSnapshot.price?.type === 'free';
  const startsTerm = !free && before!.next_due_date === null;
  if (change.invoice_id !== null && !startsTerm && before!.next_due_date !== change.period_end) {
    await voidPaidChange(tx, changeId, change, newSnapshot, before!, target!.name, now);
    return 'void';
  }
  await conn.execute(`update service_change set status = 'applied', applied_at = ? where id = ?`, [now, changeId], 'run', ctx);

  // A renewal invoiced ahead at the old price is billed again at the new one by the next run
  // (for a free price: not at all). NOTE: before the due date moves: it finds the renewals from
  // the current due date on, which a free price's null due date would not.
  await reissueRenewals(tx, change.service_id, now);
  const price = newSnapshot.price;
  const term = !free && price?.intervalCount && price.period ? { intervalCount: price.intervalCount, period: price.period } : null;
  // NOTE: the preview put the same anchor in the snapshot (anchorAfterChange on the same inputs).
  const anchor = anchorAfterChange({
    term,
    nextDueDate: startsTerm ? change.period_end : before!.next_due_date,
    anchorDay: startsTerm ? parseDate(change.period_start).day : (before!.anchor_day ?? oldSnapshot.quote?.anchorDay ?? null),
  });
  await conn.execute(
    `update service set package_id = ?, price_id = ?, price_snapshot = ?, updated_at = ?,
            next_due_date = case when ? then null when ? then ?::date else next_due_date end,
            billed_until = case when ? or ? then null else billed_until end,
            anchor_day = ?
      where id = ?`,
    [change.to_package_id, change.to_price_id, JSON.stringify(change.new_snapshot), now, free, startsTerm, change.period_end, free, startsTerm, anchor, change.service_id],
    'run',
    ctx,
  );
  if (startsTerm) {
    await conn.execute('insert into service_period (service_id, period_start, period_end, invoice_id, paid_at) values (?, ?, ?, ?, ?) on conflict do nothing', [change.service_id, change.period_start, change.period_end, change.invoice_id, now], 'run', ctx);
  }
  await recordServiceEvent(tx, {
    serviceId: change.service_id,
    from: before!.status,
    to: before!.status,
    note: `Moved from ${label(before!.package_name, oldSnapshot)} to ${label(target!.name, newSnapshot)} (change #${changeId}).`,
    actor: change.actor,
    at: now,
  });
  // NOTE: an ended service has nothing left on the panel to change.
  if (before!.status !== 'terminated' && before!.status !== 'cancelled') {
    const key = serviceChangeKey(changeId);
    await serviceActionLater(tx, { serviceId: change.service_id, verb: 'changePackage', changeId, key });
  }
  return 'applied';
}

/**
 * A change paid after its service's due date moved on: void, with the invoice's total (what was
 * paid for it, by any means) on the client's credit balance in the balance's currency.
 */
async function voidPaidChange(tx: EntityManager, changeId: number, change: ChangeRow, newSnapshot: PriceSnapshot, before: ServiceBefore, targetName: string, now: Date) {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  await conn.execute(`update service_change set status = 'void' where id = ?`, [changeId], 'run', ctx);
  const [invoice] = await conn.execute<{ total: string; currency: string; minor_units: number | null }[]>(
    'select i.total, i.currency, cur.minor_units from invoice i left join currency cur on cur.code = i.currency where i.id = ?',
    [change.invoice_id],
    'all',
    ctx,
  );
  const paid = fromDecimalString(invoice!.total);
  const paidText = formatMoney(paid, invoice!.currency, invoice!.minor_units ?? 2);
  const credit = paid > 0n ? await balanceCreditOf(tx, paid, invoice!.currency, before.client_currency) : null;
  if (credit) {
    const reason = `Returned from invoice #${change.invoice_id}: change #${changeId} of service #${change.service_id} not applied, its period was renewed first`;
    await moveCredit(tx, { clientId: before.client_id, amount: credit.amount, currency: credit.currency, reason, invoiceId: change.invoice_id }, now);
  }
  const returned = credit
    ? `the ${paidText} paid is on the account credit${credit.currency === invoice!.currency ? '' : ` (converted to ${credit.currency})`}`
    : paid > 0n
      ? `the ${paidText} paid could not be converted to the credit balance's currency and is to be refunded by staff`
      : 'nothing was paid for it';
  await recordServiceEvent(tx, {
    serviceId: change.service_id,
    from: before.status,
    to: before.status,
    note: `Change #${changeId} to ${label(targetName, newSnapshot)} not applied: invoice #${change.invoice_id} was paid after the period it was priced for (to ${change.period_end}) had been renewed at the old price (next due date ${before.next_due_date ?? 'none'}); ${returned}. Preview the change again to move now.`,
    actor: 'system',
    at: now,
  });
}
