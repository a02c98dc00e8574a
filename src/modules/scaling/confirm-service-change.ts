import type { EntityManager } from '@mikro-orm/postgresql';
import type { PackageStatus } from '../catalog/rules/constants.ts';
import { countHeld } from '../inventory/count-held.ts';
import { limitProblem, stockProblem } from '../orders/rules/availability.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { applyServiceChange } from './apply-service-change.ts';
import { previewServiceChange, type ServiceChangePreview } from './preview-service-change.ts';
import { confirmChangeInput } from './scaling.schemas.ts';
import { voidAwaitingChanges } from './void-awaiting-changes.ts';
import { moveCredit } from '../invoicing/move-credit.ts';

export const CHANGED_SINCE_PREVIEW = 'The amounts changed since your preview; please review the new preview.';
export const CONFIRMED_MEANWHILE = 'Another change was confirmed meanwhile; please review it.';

export interface ConfirmedChange {
  changeId: number;
  status: 'awaiting_payment' | 'applied';
  /** The invoice to pay when the net is due; null when the change applied at once. */
  invoiceId: number | null;
  preview: ServiceChangePreview;
}

type Run = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** The service's awaiting changes (ids in order), read without a lock. */
async function awaitingChanges(q: Run, serviceId: number) {
  return q<{ id: number; invoice_id: number | null }>(`select id, invoice_id from service_change where service_id = ? and status = 'awaiting_payment' order by id`, [serviceId]);
}

/** The unpaid invoices of a service's awaiting changes, locked before the service (the order payments lock in). Returns the changes' ids. */
async function lockAwaitingInvoices(q: Run, serviceId: number) {
  const changes = await awaitingChanges(q, serviceId);
  const ids = changes.map((r) => r.invoice_id).filter((id): id is number => id !== null);
  if (ids.length) await q(`select id from invoice where id in (${ids.map(() => '?').join(', ')}) order by id for update`, ids);
  return changes.map((c) => c.id);
}

/** The target's status, stock and the client's limit, counted under the package row lock (as checkout does). */
async function holdTargetUnit(tx: EntityManager, q: Run, p: ServiceChangePreview, now: Date) {
  const [row] = await q<{ status: PackageStatus; stock: number; per_user_limit: number; name: string }>('select status, stock, per_user_limit, name from package where id = ? for update', [p.to.packageId]);
  if (!row) throw new NotFound('That package');
  if (row.status === 'inactive') throw new DomainError(`${row.name} is no longer available.`, 'packageId');
  const limit = limitProblem(row.per_user_limit, row.per_user_limit === -1 ? 0 : await countHeld(tx, p.to.packageId, now, p.clientId), 1);
  if (limit) throw new DomainError(`${row.name}: ${limit}`, 'packageId');
  const stock = stockProblem(row.stock, row.stock === -1 ? 0 : await countHeld(tx, p.to.packageId, now), 1);
  if (stock) throw new DomainError(`${row.name}: ${stock}`, 'packageId');
}

async function invoiceChange(q: Run, p: ServiceChangePreview, changeId: number, now: Date) {
  const [invoice] = await q<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at) values (?, 'unpaid', ?, ?, ?, ?, ?, ?, ?) returning id`,
    [p.clientId, p.currency, p.subtotal, p.tax, p.total, p.taxRate, p.effectiveDate, now],
  );
  const invoiceId = invoice!.id;
  await q(
    `insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id) values ${p.lines.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
    p.lines.flatMap((l) => [invoiceId, l.kind, l.description, l.amount, l.taxable, p.serviceId]),
  );
  await q('update service_change set invoice_id = ? where id = ?', [invoiceId, changeId]);
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
export async function confirmServiceChange(em: EntityManager, scope: { serviceId: number; clientId?: number; actor: string }, raw: unknown, now: Date): Promise<ConfirmedChange> {
  const input = parseInput(confirmChangeInput, raw);
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const q: Run = <T>(sql: string, params: unknown[]) => conn.execute<T[]>(sql, params, 'all', ctx);
    const [owner] = await q<{ client_id: number }>(`select client_id from service where id = ? ${scope.clientId === undefined ? '' : 'and client_id = ?'}`, scope.clientId === undefined ? [scope.serviceId] : [scope.serviceId, scope.clientId]);
    if (!owner) throw new NotFound('That service');
    const locked = await lockAwaitingInvoices(q, scope.serviceId);
    await q('select id from client where id = ? for update', [owner.client_id]);
    await q('select id from service where id = ? for update', [scope.serviceId]);
    // NOTE: another confirmation may have committed a change (and its invoice, which this one
    // has not locked) between the unlocked read above and the service lock; voiding it below
    // would take its invoice's lock out of order and could deadlock with a payment of it.
    const awaiting = (await awaitingChanges(q, scope.serviceId)).map((c) => c.id);
    if (awaiting.length !== locked.length || awaiting.some((id, i) => id !== locked[i])) throw new Conflict(CONFIRMED_MEANWHILE);

    const preview = await previewServiceChange(tx, { serviceId: scope.serviceId, clientId: owner.client_id }, input, now);
    const seen = preview.effectiveDate === input.effectiveDate && preview.net === input.expectedNet && preview.total === input.expectedTotal && preview.currency === input.expectedCurrency;
    if (!seen) throw new Conflict(CHANGED_SINCE_PREVIEW);

    await voidAwaitingChanges(tx, { serviceId: scope.serviceId }, `Replaced by a new change to ${preview.to.packageName}.`, now);
    await holdTargetUnit(tx, q, preview, now);
    const [change] = await q<{ id: number }>(
      `insert into service_change (service_id, from_package_id, to_package_id, to_price_id, option_ids, new_snapshot, period_start, period_end, effective_date, currency, credit, charge, net, status, actor, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'awaiting_payment', ?, ?) returning id`,
      [
        preview.serviceId, preview.from.packageId, preview.to.packageId, preview.to.priceId, JSON.stringify(preview.to.optionIds), JSON.stringify(preview.snapshot),
        preview.period.start, preview.period.end, preview.effectiveDate, preview.currency,
        preview.lines.find((l) => l.kind === 'upgrade-credit')?.amount ?? '0', preview.lines.find((l) => l.kind === 'upgrade-charge')?.amount ?? '0', preview.net,
        scope.actor.slice(0, 120), now,
      ],
    );
    const changeId = change!.id;
    if (preview.outcome === 'invoice') {
      return { changeId, status: 'awaiting_payment' as const, invoiceId: await invoiceChange(q, preview, changeId, now), preview };
    }
    await applyServiceChange(tx, changeId, now);
    if (preview.outcome === 'credit') await creditBalance(tx, preview, changeId, now);
    return { changeId, status: 'applied' as const, invoiceId: null, preview };
  });
}
