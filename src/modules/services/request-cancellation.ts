import { lineWords } from '../pricing/rules/line-words.ts';
import { languageFor } from '../clients/client-language.ts';
import { invoiceIssuedLater } from '../../queue/jobs.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { calendarDateOf } from '../shared/dates.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { toDecimalString } from '../shared/money.ts';
import { invoiceTotals } from '../pricing/rules/tax.ts';
import { currencyOf, parsePriceSnapshot, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { db } from '../../db/database.ts';
import { loadLifecycleContext } from './load-lifecycle-context.ts';
import { withServiceTurn } from './with-service-turn.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import { lockForEnding } from './lock-for-ending.ts';
import { recordServiceEvent } from './record-service-event.ts';
import { announceServicesEnded } from './services-ended.ts';
import { addonsFollow, liveAddonIds } from './transition-services.ts';
import { queueCancellationConfirmed } from './queue-cancellation-confirmed.ts';
import { cancellationFeeDue } from './rules/cancellation-fee.ts';
import { taxTreatmentFor } from '../settings/tax-treatment-for.ts';
import { issueInvoices } from '../invoicing/issue-invoices.ts';
import { scheduleCancellationIn } from './schedule-cancellation.ts';
import { insertUnpaidInvoice } from '../invoicing/insert-unpaid-invoice.ts';

export type CancelWhen = 'now' | 'end_of_term';

/** What a client may cancel: a live service. */
const CANCELLABLE: readonly ServiceStatus[] = ['active', 'suspended'];

/**
 * The fee cancelling now costs (the rule the confirmation page promises from), taxed like the
 * package, totals rounded to the currency's minor unit. Nothing when the rule says none is due.
 */
async function invoiceCancellationFee(
  tx: EntityManager,
  clientId: number,
  serviceId: number,
  facts: { snapshot: PriceSnapshot; nextDueDate: string | null },
  now: Date,
) {
  const q = db(tx);
  const currency = currencyOf(facts.snapshot) ?? 'USD';
  const row = await q
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .leftJoin('currency as cur', (j) => j.on('cur.code', '=', currency))
    .select(['cur.rate', 'cur.minor_units', 'p.taxable', 'c.country', 'c.vat_id', 'c.language'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  const fee = cancellationFeeDue({ ...facts, rate: row?.rate ?? null }, now);
  if (!fee) return;
  const taxRate = row?.taxable ? (await taxTreatmentFor(tx, { country: row.country, vatId: row.vat_id })).rate : null;
  const totals = invoiceTotals([{ amount: fee.amount, taxable: !!row?.taxable }], taxRate, row?.minor_units ?? 2);
  const invoiceId = await insertUnpaidInvoice(
    tx,
    {
      clientId,
      currency: fee.currency,
      subtotal: toDecimalString(totals.subtotal),
      tax: toDecimalString(totals.tax),
      total: toDecimalString(totals.total),
      taxRate,
      dueDate: calendarDateOf(now),
    },
    [
      {
        kind: 'cancellation',
        description: lineWords(await languageFor(tx, row?.language)).cancellationFee(serviceId),
        amount: toDecimalString(fee.amount),
        taxable: !!row?.taxable,
        serviceId,
      },
    ],
    now,
  );
  await issueInvoices(tx, [invoiceId], now);
  await invoiceIssuedLater(tx, { invoiceId });
}

/**
 * A client's cancellation, where the package allows it: at the end of the term (the service
 * stops renewing and ends on its due date) or now (through the plugin; the cancellation fee
 * cancellationFeeDue finds, the one the confirmation page promised, is invoiced). Either way,
 * open renewal invoices that bill what will not be delivered are voided; one shared with the client's other services is
 * billed again without this one, so the client never pays for the cancelled period.
 */
export async function requestCancellation(
  em: EntityManager,
  clientId: number,
  serviceId: number,
  when: CancelWhen,
  appSecret: string,
  now: Date,
) {
  if (when !== 'now' && when !== 'end_of_term') throw new DomainError('Choose now or at the end of the term.', 'when');
  const svc = await db(em)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select(['s.id', 's.status', 'p.allow_cancellation', 's.next_due_date', 's.cancel_at', 's.price_snapshot'])
    .where('s.id', '=', serviceId)
    .where('s.client_id', '=', clientId)
    .executeTakeFirst();
  if (!svc) throw new NotFound('That service');
  const snapshot = parsePriceSnapshot(svc.price_snapshot);
  if (!svc.allow_cancellation) throw new Conflict('This service cannot be cancelled online; please contact support.');
  if (!CANCELLABLE.includes(svc.status)) throw new Conflict(`A ${svc.status} service cannot be cancelled.`);
  const today = calendarDateOf(now);
  if (when === 'end_of_term') {
    // NOTE: a price that always ends with its term got its date when the service was created, and
    // a second request finds the first one's: confirming the date changes nothing.
    if (svc.cancel_at) return { cancelAt: svc.cancel_at, ended: false };
    if (!svc.next_due_date) throw new Conflict('This service has no term to end; cancel it now instead.');
    return scheduleCancellationIn(em, { serviceId, status: svc.status, nextDueDate: svc.next_due_date }, 'client', now);
  }
  // NOTE: staff actions and this one take turns on the service, the plugin's call included
  // (withServiceTurn); billing and payments do not, so the service is read again after the call.
  return withServiceTurn(em, serviceId, async () => {
    const { status, plugin, ctx } = await loadLifecycleContext(em, serviceId, appSecret);
    if (!CANCELLABLE.includes(status)) throw new Conflict(`A ${status} service cannot be cancelled.`);
    try {
      await plugin.run('terminate', { ...ctx, idempotencyKey: `service-${serviceId}-cancel` });
    } catch (err) {
      throw new Conflict(`The service could not be cancelled right now (${(err as Error).message}). Please try again later.`);
    }
    return em.transactional(async (tx) => {
      const open = await lockForEnding(tx, [serviceId, ...(await liveAddonIds(tx, serviceId))]);
      // A suspension or a payment meanwhile: it ends all the same (the remote account is gone); an ending meanwhile made its own call.
      const current = await db(tx)
        .selectFrom('service')
        .select(['status', 'next_due_date'])
        .where('id', '=', serviceId)
        .executeTakeFirstOrThrow();
      if (!CANCELLABLE.includes(current.status)) throw new Conflict('The service changed meanwhile; reload and try again.');
      await db(tx)
        .updateTable('service')
        .set({ status: 'cancelled', suspend_reason: null, updated_at: now })
        .where('id', '=', serviceId)
        .execute();
      await recordServiceEvent(tx, {
        serviceId,
        from: current.status,
        to: 'cancelled',
        note: 'Cancelled by the client.',
        actor: 'client',
        at: now,
      });
      await queueCancellationConfirmed(tx, serviceId, 'now', today);
      await addonsFollow(tx, [serviceId], 'cancelled', now, 'client');
      await invoiceCancellationFee(tx, clientId, serviceId, { snapshot, nextDueDate: current.next_due_date }, now);
      await announceServicesEnded(tx, { invoiceIds: [...new Set(open.map((o) => o.invoiceId))], serviceIds: [serviceId] }, now);
      return { cancelAt: today, ended: true };
    });
  });
}
