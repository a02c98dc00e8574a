import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import { calendarDateOf, compareDates } from '../shared/dates.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { applyRate, fromDecimalString, toDecimalString } from '../shared/money.ts';
import { invoiceTotals } from '../pricing/rules/tax.ts';
import { loadLifecycleContext } from './load-lifecycle-context.ts';
import { lockForEnding } from './lock-for-ending.ts';
import { recordServiceEvent } from './record-service-event.ts';
import { announceServicesEnded } from './services-ended.ts';

export type CancelWhen = 'now' | 'end_of_term';

/**
 * The fee in the order's currency (converted at today's rate when the price was in the default
 * currency), taxed like the package, totals rounded to the currency's minor unit.
 */
async function invoiceCancellationFee(tx: EntityManager, clientId: number, serviceId: number, fee: string, snapshot: Snapshot, now: Date) {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const currency = snapshot.quote?.currency ?? snapshot.price?.currency ?? 'USD';
  const [facts] = await conn.execute<{ rate: string | null; minor_units: number | null; taxable: boolean; tax_rate: string | null }[]>(
    `select cur.rate, cur.minor_units, p.taxable, t.rate as tax_rate
       from service s join package p on p.id = s.package_id join client c on c.id = s.client_id
       left join currency cur on cur.code = ? left join tax_rate t on t.country = c.country where s.id = ?`,
    [currency, serviceId],
    'all',
    ctx,
  );
  const units = snapshot.price?.currency && snapshot.price.currency !== currency ? applyRate(fromDecimalString(fee), facts?.rate ?? '1') : fromDecimalString(fee);
  const taxRate = facts?.taxable ? (facts.tax_rate ?? null) : null;
  const totals = invoiceTotals([{ amount: units, taxable: !!facts?.taxable }], taxRate, facts?.minor_units ?? 2);
  const [invoice] = await conn.execute<{ id: number }[]>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at) values (?, 'unpaid', ?, ?, ?, ?, ?, ?, ?) returning id`,
    [clientId, currency, toDecimalString(totals.subtotal), toDecimalString(totals.tax), toDecimalString(totals.total), taxRate, calendarDateOf(now), now],
    'all',
    ctx,
  );
  await conn.execute(`insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id) values (?, 'cancellation', ?, ?, ?, ?)`, [invoice!.id, `Cancellation fee for service #${serviceId}`, toDecimalString(units), !!facts?.taxable, serviceId], 'run', ctx);
}

type Snapshot = { price?: { cancellationFee?: string; currency?: string } | null; quote?: { currency?: string } };

/**
 * A client's cancellation, where the package allows it: at the end of the term (the service
 * stops renewing and ends on its due date) or now (through the plugin; a cancellation fee set
 * on the price is invoiced when the term had time left). Either way, open renewal invoices that
 * bill what will not be delivered are voided; one shared with the client's other services is
 * billed again without this one, so the client never pays for the cancelled period.
 */
export async function requestCancellation(em: EntityManager, clientId: number, serviceId: number, when: CancelWhen, appSecret: string, now: Date) {
  if (when !== 'now' && when !== 'end_of_term') throw new DomainError('Choose now or at the end of the term.', 'when');
  const conn = em.getConnection();
  const [svc] = await conn.execute<{ id: number; status: string; allow_cancellation: boolean; next_due_date: string | null; cancel_at: string | null; price_snapshot: Snapshot }[]>(
    `select s.id, s.status, p.allow_cancellation, s.next_due_date::text as next_due_date, s.cancel_at::text as cancel_at, s.price_snapshot
       from service s join package p on p.id = s.package_id where s.id = ? and s.client_id = ?`,
    [serviceId, clientId],
  );
  if (!svc) throw new NotFound('That service');
  if (!svc.allow_cancellation) throw new Conflict('This service cannot be cancelled online; please contact support.');
  if (svc.status !== 'active' && svc.status !== 'suspended') throw new Conflict(`A ${svc.status} service cannot be cancelled.`);
  const today = calendarDateOf(now);
  if (when === 'end_of_term') {
    // NOTE: a price that always ends with its term got its date when the service was created, and
    // a second request finds the first one's: confirming the date changes nothing.
    if (svc.cancel_at) return { cancelAt: svc.cancel_at };
    if (!svc.next_due_date) throw new Conflict('This service has no term to end; cancel it now instead.');
    const cancelAt = svc.next_due_date;
    await em.transactional(async (tx) => {
      const open = await lockForEnding(tx, [serviceId]);
      const res = await tx.getConnection().execute<QueryResult>(
        // NOTE: a payment that moved the due date meanwhile (its invoice was locked above) makes this a conflict, not an early end.
        `update service set cancel_at = ?, updated_at = ? where id = ? and status = ? and cancel_at is null and next_due_date = ?`,
        [cancelAt, now, serviceId, svc.status, cancelAt],
        'run',
        tx.getTransactionContext(),
      );
      if (!res.affectedRows) throw new Conflict('The service changed meanwhile; reload and try again.');
      await recordServiceEvent(tx, { serviceId, from: svc.status, to: svc.status, note: `Cancellation requested for the end of the term (${cancelAt}).`, actor: 'client', at: now });
      // A renewal already invoiced for the period after the end bills nothing now (a shared one is billed again without it).
      await announceServicesEnded(tx, [...new Set(open.map((o) => o.invoiceId))], now);
    });
    return { cancelAt };
  }
  const { plugin, ctx } = await loadLifecycleContext(em, serviceId, appSecret);
  try {
    await plugin.run('terminate', { ...ctx, idempotencyKey: `service-${serviceId}-cancel` });
  } catch (err) {
    throw new Conflict(`The service could not be cancelled right now (${(err as Error).message}). Please try again later.`);
  }
  await em.transactional(async (tx) => {
    const open = await lockForEnding(tx, [serviceId]);
    const res = await tx.getConnection().execute<QueryResult>(`update service set status = 'cancelled', suspend_reason = null, updated_at = ? where id = ? and status = ?`, [now, serviceId, svc.status], 'run', tx.getTransactionContext());
    if (!res.affectedRows) throw new Conflict('The service changed meanwhile; reload and try again.');
    await recordServiceEvent(tx, { serviceId, from: svc.status, to: 'cancelled', note: 'Cancelled by the client.', actor: 'client', at: now });
    const fee = svc.price_snapshot.price?.cancellationFee;
    const termLeft = svc.next_due_date !== null && compareDates(today, svc.next_due_date) < 0;
    if (fee && fromDecimalString(fee) > 0n && termLeft) await invoiceCancellationFee(tx, clientId, serviceId, fee, svc.price_snapshot, now);
    await announceServicesEnded(tx, [...new Set(open.map((o) => o.invoiceId))], now);
  });
  return { cancelAt: today };
}
