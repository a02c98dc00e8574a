import { invoiceIssuedLater } from '../../queue/jobs.ts';
import { insertUnpaidInvoice } from '../invoicing/insert-unpaid-invoice.ts';
import { issueInvoices } from '../invoicing/issue-invoices.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { countHeld } from '../inventory/count-held.ts';
import { limitProblem, stockProblem } from '../orders/rules/availability.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { applyServiceChange } from './apply-service-change.ts';
import { previewServiceChange, type ServiceChangePreview } from './preview-service-change.ts';
import { confirmChangeInput } from './scaling.schemas.ts';
import type { AddonPlan } from './scaling.entities.ts';
import { voidAwaitingChanges } from './void-awaiting-changes.ts';
import { moveCredit } from '../invoicing/move-credit.ts';
import { claimCoupon } from '../coupons/claim-coupon.ts';

export const CHANGED_SINCE_PREVIEW = 'The amounts changed since your preview; please review the new preview.';
export const CHOICE_SINCE_PREVIEW = 'Your choice changed since its preview; please review the new preview.';
export const CONFIRMED_MEANWHILE = 'Another change was confirmed meanwhile; please review it.';

export interface ConfirmedChange {
  changeId: number;
  status: 'awaiting_payment' | 'applied';
  /** The invoice to pay when the net is due; null when the change applied at once. */
  invoiceId: number | null;
  preview: ServiceChangePreview;
}

type Q = ReturnType<typeof db>;

/** The service's awaiting changes (ids in order), read without a lock. */
async function awaitingChanges(q: Q, serviceId: number) {
  return q
    .selectFrom('service_change')
    .select(['id', 'invoice_id'])
    .where('service_id', '=', serviceId)
    .where('status', '=', 'awaiting_payment')
    .orderBy('id')
    .execute();
}

/** The unpaid invoices of a service's awaiting changes, locked before the service (the order payments lock in). Returns the changes' ids. */
async function lockAwaitingInvoices(q: Q, serviceId: number) {
  const changes = await awaitingChanges(q, serviceId);
  const ids = changes.flatMap((r) => (r.invoice_id === null ? [] : [r.invoice_id]));
  if (ids.length) await q.selectFrom('invoice').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  return changes.map((c) => c.id);
}

/**
 * The service's awaiting change that is this preview's change: the same target, snapshot, add-on
 * plan, net, coupon and day, its invoice still unpaid. Its invoice is locked (lockAwaitingInvoices).
 */
async function sameAwaitingChange(q: Q, p: ServiceChangePreview): Promise<{ id: number; invoiceId: number } | undefined> {
  const row = await q
    .selectFrom('service_change as sc')
    .innerJoin('invoice as i', 'i.id', 'sc.invoice_id')
    .select(['sc.id', 'sc.invoice_id'])
    .where('sc.service_id', '=', p.serviceId)
    .where('sc.status', '=', 'awaiting_payment')
    .where('i.status', '=', 'unpaid')
    .where('sc.to_package_id', '=', p.to.packageId)
    .where('sc.effective_date', '=', p.effectiveDate)
    .where('sc.currency', '=', p.currency)
    .where(sql<boolean>`sc.net = ${p.net}::numeric`)
    .where(sql<boolean>`sc.new_snapshot = ${JSON.stringify(p.snapshot)}::jsonb`)
    .where(sql<boolean>`sc.addon_plan = ${JSON.stringify(p.addonPlan)}::jsonb`)
    .where(sql<boolean>`i.total = ${p.total}::numeric`)
    .where(
      sql<boolean>`(select cu.coupon_id from coupon_use cu where cu.service_change_id = sc.id and cu.status = 'live' limit 1) is not distinct from ${p.coupon?.id ?? null}::int`,
    )
    .orderBy('sc.id', 'desc')
    .executeTakeFirst();
  return row && row.invoice_id !== null ? { id: row.id, invoiceId: row.invoice_id } : undefined;
}

/** The target's status, stock and the client's limit, counted under the package row lock (as checkout does). */
async function holdTargetUnit(tx: EntityManager, q: Q, p: ServiceChangePreview, now: Date) {
  const row = await q
    .selectFrom('package')
    .select(['status', 'stock', 'per_user_limit', 'name'])
    .where('id', '=', p.to.packageId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFound('That package');
  if (row.status === 'inactive') throw new DomainError(`${row.name} is no longer available.`, 'packageId');
  const limit = limitProblem(row.per_user_limit, row.per_user_limit === -1 ? 0 : await countHeld(tx, p.to.packageId, now, p.clientId), 1);
  if (limit) throw new DomainError(`${row.name}: ${limit}`, 'packageId');
  const stock = stockProblem(row.stock, row.stock === -1 ? 0 : await countHeld(tx, p.to.packageId, now), 1);
  if (stock) throw new DomainError(`${row.name}: ${stock}`, 'packageId');
}

async function invoiceChange(tx: EntityManager, p: ServiceChangePreview, changeId: number, now: Date) {
  const invoiceId = await insertUnpaidInvoice(
    tx,
    {
      clientId: p.clientId,
      currency: p.currency,
      subtotal: p.subtotal,
      tax: p.tax,
      total: p.total,
      taxRate: p.taxRate,
      dueDate: p.effectiveDate,
    },
    p.lines.map((l) => ({ ...l, serviceId: l.serviceId ?? p.serviceId })),
    now,
  );
  await db(tx).updateTable('service_change').set({ invoice_id: invoiceId }).where('id', '=', changeId).execute();
  return invoiceId;
}

async function creditBalance(tx: EntityManager, p: ServiceChangePreview, changeId: number, now: Date) {
  const credit = p.balanceCredit!;
  const reason = `Downgrade of service #${p.serviceId} to ${p.to.packageName} (change #${changeId})`;
  await moveCredit(tx, { clientId: p.clientId, amount: credit.amount, currency: credit.currency, reason }, now);
}

/**
 * Confirms a previewed change. The amounts are computed again under the service's lock and must
 * equal what was shown (the same net and total with tax, in the same currency, on the same day),
 * or the client is asked to look again.
 * In one transaction: any earlier unpaid change of the service is voided with its invoice, the
 * target's unit is held (stock and per-user limit, as checkout counts them), and either an
 * invoice is raised for a positive total or the change applies now (a credit to the balance).
 * NOTE: locks are taken invoice, client, service, package: the order payments and checkout use.
 */
export async function confirmServiceChange(
  em: EntityManager,
  scope: { serviceId: number; clientId?: number; actor: string },
  raw: unknown,
  now: Date,
): Promise<ConfirmedChange> {
  const input = parseInput(confirmChangeInput, raw);
  return em.transactional(async (tx) => {
    const q = db(tx);
    const owner = await q
      .selectFrom('service')
      .select('client_id')
      .where('id', '=', scope.serviceId)
      .$if(scope.clientId !== undefined, (qb) => qb.where('client_id', '=', scope.clientId!))
      .executeTakeFirst();
    if (!owner) throw new NotFound('That service');
    const locked = await lockAwaitingInvoices(q, scope.serviceId);
    await q.selectFrom('client').select('id').where('id', '=', owner.client_id).forUpdate().execute();
    await q.selectFrom('service').select('id').where('id', '=', scope.serviceId).forUpdate().execute();
    // NOTE: another confirmation may have committed a change (and its invoice, which this one
    // has not locked) between the unlocked read above and the service lock; voiding it below
    // would take its invoice's lock out of order and could deadlock with a payment of it.
    const awaiting = (await awaitingChanges(q, scope.serviceId)).map((c) => c.id);
    if (awaiting.length !== locked.length || awaiting.some((id, i) => id !== locked[i])) throw new Conflict(CONFIRMED_MEANWHILE);

    const preview = await previewServiceChange(tx, { serviceId: scope.serviceId, clientId: owner.client_id }, input, now);
    const seen =
      preview.effectiveDate === input.effectiveDate &&
      preview.net === input.expectedNet &&
      preview.total === input.expectedTotal &&
      preview.currency === input.expectedCurrency;
    if (!seen) throw new Conflict(CHANGED_SINCE_PREVIEW);
    if (input.expectedChoice !== undefined && preview.choiceKey !== input.expectedChoice) throw new Conflict(CHOICE_SINCE_PREVIEW);

    // The same change confirmed again (a double click, a retried request) is the one awaiting
    // payment, not a new one: replacing it would cancel the invoice the first answer showed.
    const same = preview.outcome === 'invoice' ? await sameAwaitingChange(q, preview) : undefined;
    if (same) return { changeId: same.id, status: 'awaiting_payment' as const, invoiceId: same.invoiceId, preview };
    await voidAwaitingChanges(tx, { serviceId: scope.serviceId }, `Replaced by a new change to ${preview.to.packageName}.`, now);
    // A change of options stays on the service's own package: no new unit of it to hold.
    if (preview.to.packageId !== preview.from.packageId) await holdTargetUnit(tx, q, preview, now);
    const { id: changeId } = await q
      .insertInto('service_change')
      .values({
        service_id: preview.serviceId,
        from_package_id: preview.from.packageId,
        to_package_id: preview.to.packageId,
        to_price_id: preview.to.priceId,
        // NOTE: a json array goes over as text (pg would send a JavaScript array as a PostgreSQL array).
        option_ids: sql<number[]>`${JSON.stringify(preview.to.optionIds)}::jsonb`,
        new_snapshot: preview.snapshot,
        addon_plan: sql<AddonPlan>`${JSON.stringify(preview.addonPlan)}::jsonb`,
        period_start: preview.period.start,
        period_end: preview.period.end,
        effective_date: preview.effectiveDate,
        currency: preview.currency,
        credit: preview.lines.find((l) => l.kind === 'upgrade-credit')?.amount ?? '0',
        charge: preview.lines.find((l) => l.kind === 'upgrade-charge')?.amount ?? '0',
        net: preview.net,
        status: 'awaiting_payment',
        actor: scope.actor.slice(0, 120),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (preview.coupon) await claimCoupon(tx, preview.coupon, { clientId: owner.client_id, serviceChangeId: changeId }, now);
    if (preview.outcome === 'invoice') {
      const invoiceId = await invoiceChange(tx, preview, changeId, now);
      await issueInvoices(tx, [invoiceId], now);
      await invoiceIssuedLater(tx, { invoiceId });
      return { changeId, status: 'awaiting_payment' as const, invoiceId, preview };
    }
    await applyServiceChange(tx, changeId, now);
    if (preview.outcome === 'credit') await creditBalance(tx, preview, changeId, now);
    return { changeId, status: 'applied' as const, invoiceId: null, preview };
  });
}
