import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { serviceActionLater } from '../../queue/jobs.ts';
import { recordServiceEvent } from '../services/record-service-event.ts';
import { reissueRenewals } from '../billing/reissue-renewals.ts';
import { parseDate } from '../shared/dates.ts';
import { formatMoney, fromDecimalString } from '../shared/money.ts';
import { balanceCreditOf } from './balance-credit.ts';
import { moveCredit } from '../invoicing/move-credit.ts';
import { anchorAfterChange } from './rules/change-anchor.ts';
import type { AddonPlan } from './scaling.entities.ts';
import { transitionServices } from '../services/transition-services.ts';
import { serviceActionKey } from '../services/rules/lifecycle.ts';
import { HOLDING_STATUSES } from '../shared/statuses.ts';
import { dropCouponOffPackage } from '../coupons/drop-coupon-off-package.ts';
import { carryChangeCoupon } from '../coupons/carry-change-coupon.ts';
import { releaseCouponUse } from '../coupons/release-coupon-use.ts';
import { queueClientMessage } from '../notices/queue-client-message.ts';

/** The statuses of an add-on that is still running (holding its unit). */
const LIVE = HOLDING_STATUSES;

export const serviceChangeKey = (changeId: number) => `service-change:${changeId}`;

type ChangeRow = NonNullable<Awaited<ReturnType<typeof lockChange>>>;
type ServiceBefore = Awaited<ReturnType<typeof lockService>>;

/** The change, locked, if it still awaits payment. */
function lockChange(tx: EntityManager, changeId: number) {
  return db(tx)
    .selectFrom('service_change')
    .select([
      'service_id',
      'to_package_id',
      'to_price_id',
      'new_snapshot',
      'addon_plan',
      'period_start',
      'period_end',
      'invoice_id',
      'actor',
    ])
    .where('id', '=', changeId)
    .where('status', '=', 'awaiting_payment')
    .forUpdate()
    .executeTakeFirst();
}

/** The service as it is before the change, locked. */
function lockService(tx: EntityManager, serviceId: number) {
  return db(tx)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .select([
      's.status',
      's.next_due_date',
      's.anchor_day',
      'p.name as package_name',
      's.price_snapshot',
      's.client_id',
      'c.currency as client_currency',
    ])
    .where('s.id', '=', serviceId)
    .forUpdate('s')
    .executeTakeFirstOrThrow();
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
  const q = db(tx);
  const change = await lockChange(tx, changeId);
  if (!change) return null;
  await q
    .selectFrom('client as c')
    .innerJoin('service as s', 's.client_id', 'c.id')
    .select('c.id')
    .where('s.id', '=', change.service_id)
    .forUpdate('c')
    .execute();
  const before = await lockService(tx, change.service_id);
  const target = await q.selectFrom('package').select('name').where('id', '=', change.to_package_id).executeTakeFirstOrThrow();
  const newSnapshot = parsePriceSnapshot(change.new_snapshot);
  const oldSnapshot = parsePriceSnapshot(before.price_snapshot);
  const free = newSnapshot.price?.type === 'free';
  const startsTerm = !free && before.next_due_date === null;
  if (change.invoice_id !== null && !startsTerm && before.next_due_date !== change.period_end) {
    await voidPaidChange(tx, changeId, change, newSnapshot, before, target.name, now);
    return 'void';
  }
  await q.updateTable('service_change').set({ status: 'applied', applied_at: now }).where('id', '=', changeId).execute();

  const price = newSnapshot.price;
  const term = !free && price?.intervalCount && price.period ? { intervalCount: price.intervalCount, period: price.period } : null;
  // NOTE: the preview put the same anchor in the snapshot (anchorAfterChange on the same inputs).
  const anchor = anchorAfterChange({
    term,
    nextDueDate: startsTerm ? change.period_end : before.next_due_date,
    anchorDay: startsTerm ? parseDate(change.period_start).day : (before.anchor_day ?? oldSnapshot.quote?.anchorDay ?? null),
  });
  await applyAddonPlan(tx, change.service_id, change.addon_plan, anchor, `${target.name} (change #${changeId})`, change.actor, now);

  // A renewal invoiced ahead at the old price is billed again at the new one by the next run
  // (for a free price: not at all), its add-ons' lines with it. NOTE: before the due date moves:
  // it finds the renewals from the current due date on, which a free price's null due date would not.
  await reissueRenewals(tx, change.service_id, now);
  await q
    .updateTable('service')
    .set({
      package_id: change.to_package_id,
      price_id: change.to_price_id,
      price_snapshot: change.new_snapshot,
      updated_at: now,
      anchor_day: anchor,
      // A free price drops the due date (nothing renews); a free service's first paid term starts it.
      ...(free ? { next_due_date: null } : startsTerm ? { next_due_date: change.period_end } : {}),
      ...(free || startsTerm ? { billed_until: null } : {}),
    })
    .where('id', '=', change.service_id)
    .execute();
  await dropCouponOffPackage(tx, change.service_id, change.to_package_id);
  await carryChangeCoupon(tx, changeId, change.service_id, now);
  if (startsTerm) {
    await q
      .insertInto('service_period')
      .values({
        service_id: change.service_id,
        period_start: change.period_start,
        period_end: change.period_end,
        invoice_id: change.invoice_id,
        paid_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await recordServiceEvent(tx, {
    serviceId: change.service_id,
    from: before.status,
    to: before.status,
    note: `Moved from ${label(before.package_name, oldSnapshot)} to ${label(target.name, newSnapshot)} (change #${changeId}).`,
    actor: change.actor,
    at: now,
  });
  // Keyed by the change: applied once, told once.
  await queueClientMessage(tx, {
    event: 'package_change_applied',
    clientId: before.client_id,
    key: String(changeId),
    values: { 'service.id': String(change.service_id), 'package.name': target.name, 'package.previous_name': before.package_name },
  });
  // NOTE: an ended service has nothing left on the panel to change.
  if (before.status !== 'terminated' && before.status !== 'cancelled') {
    const key = serviceChangeKey(changeId);
    await serviceActionLater(tx, { serviceId: change.service_id, verb: 'changePackage', changeId, key });
  }
  return 'applied';
}

/**
 * A change paid after its service's due date moved on: void, with the invoice's total (what was
 * paid for it, by any means) on the client's credit balance in the balance's currency.
 */
async function voidPaidChange(
  tx: EntityManager,
  changeId: number,
  change: ChangeRow,
  newSnapshot: PriceSnapshot,
  before: ServiceBefore,
  targetName: string,
  now: Date,
) {
  const q = db(tx);
  await q.updateTable('service_change').set({ status: 'void' }).where('id', '=', changeId).execute();
  await releaseCouponUse(tx, { serviceChangeIds: [changeId] }, now);
  const invoice = await q
    .selectFrom('invoice as i')
    .leftJoin('currency as cur', 'cur.code', 'i.currency')
    .select(['i.total', 'i.currency', 'cur.minor_units'])
    .where('i.id', '=', change.invoice_id ?? 0)
    .executeTakeFirstOrThrow();
  const paid = fromDecimalString(invoice.total);
  const paidText = formatMoney(paid, invoice.currency, invoice.minor_units ?? 2);
  const credit = paid > 0n ? await balanceCreditOf(tx, paid, invoice.currency, before.client_currency) : null;
  if (credit) {
    const reason = `Returned from invoice #${change.invoice_id}: change #${changeId} of service #${change.service_id} not applied, its period was renewed first`;
    await moveCredit(
      tx,
      { clientId: before.client_id, amount: credit.amount, currency: credit.currency, reason, invoiceId: change.invoice_id },
      now,
    );
  }
  const returned = credit
    ? `the ${paidText} paid is on the account credit${credit.currency === invoice.currency ? '' : ` (converted to ${credit.currency})`}`
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

/**
 * The add-ons' side of an applied change (planAddons): the kept ones renew on their new snapshot
 * with the service's anchor; the others end now (cancelled, through the plugin via the outbox),
 * their unused days already credited in the change's own amounts.
 * NOTE: only add-ons still running change: one cancelled meanwhile stays as it is.
 */
async function applyAddonPlan(
  tx: EntityManager,
  serviceId: number,
  plan: AddonPlan,
  anchor: number | null,
  target: string,
  actor: string,
  now: Date,
) {
  const q = db(tx);
  for (const k of plan.kept) {
    await q
      .updateTable('service')
      .set({ price_snapshot: k.snapshot, price_id: k.priceId, anchor_day: anchor, updated_at: now })
      .where('id', '=', k.id)
      .where('parent_id', '=', serviceId)
      .where('status', 'in', LIVE)
      .execute();
  }
  if (!plan.ended.length) return;
  const live = await q
    .selectFrom('service')
    .select(['id', 'status'])
    .where('id', 'in', plan.ended)
    .where('parent_id', '=', serviceId)
    .where('status', 'in', LIVE)
    .orderBy('id')
    .execute();
  await transitionServices(
    tx,
    live.map((a) => ({
      serviceId: a.id,
      note: `Ended with its parent's move to ${target}, which does not keep it; its unused days were credited.`,
      key: a.status === 'pending' ? undefined : serviceActionKey(a.id, 'terminate'),
    })),
    { from: LIVE, to: 'cancelled', suspendReason: null, verb: 'terminate', actor },
    now,
  );
}
