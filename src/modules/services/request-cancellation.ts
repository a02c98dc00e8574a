import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import { Invoice, InvoiceLine } from '../invoicing/invoicing.entities.ts';
import { Client } from '../clients/clients.entities.ts';
import { calendarDateOf, compareDates } from '../shared/dates.ts';
import { Conflict, DomainError, NotFound } from '../shared/errors.ts';
import { fromDecimalString } from '../shared/money.ts';
import { loadLifecycleContext } from './load-lifecycle-context.ts';
import { recordServiceEvent } from './record-service-event.ts';

export type CancelWhen = 'now' | 'end_of_term';

/**
 * A client's cancellation, where the package allows it: at the end of the term (the service
 * stops renewing and ends on its due date) or now (through the plugin; a cancellation fee set
 * on the price is invoiced when the term had time left).
 */
export async function requestCancellation(em: EntityManager, clientId: number, serviceId: number, when: CancelWhen, appSecret: string, now: Date) {
  if (when !== 'now' && when !== 'end_of_term') throw new DomainError('Choose now or at the end of the term.', 'when');
  const conn = em.getConnection();
  const [svc] = await conn.execute<{ id: number; status: string; allow_cancellation: boolean; next_due_date: string | null; cancel_at: string | null; price_snapshot: { price?: { cancellationFee?: string; currency?: string } | null } }[]>(
    `select s.id, s.status, p.allow_cancellation, s.next_due_date::text as next_due_date, s.cancel_at::text as cancel_at, s.price_snapshot
       from service s join package p on p.id = s.package_id where s.id = ? and s.client_id = ?`,
    [serviceId, clientId],
  );
  if (!svc) throw new NotFound('That service');
  if (!svc.allow_cancellation) throw new Conflict('This service cannot be cancelled online; please contact support.');
  if (svc.status !== 'active' && svc.status !== 'suspended') throw new Conflict(`A ${svc.status} service cannot be cancelled.`);
  const today = calendarDateOf(now);
  if (when === 'end_of_term') {
    if (!svc.next_due_date) throw new Conflict('This service has no term to end; cancel it now instead.');
    await em.transactional(async (tx) => {
      await tx.getConnection().execute('update service set cancel_at = ?, updated_at = ? where id = ?', [svc.next_due_date, now, serviceId], 'run', tx.getTransactionContext());
      await recordServiceEvent(tx, { serviceId, from: svc.status, to: svc.status, note: `Cancellation requested for the end of the term (${svc.next_due_date}).`, actor: 'client', at: now });
    });
    return { cancelAt: svc.next_due_date };
  }
  const { plugin, ctx } = await loadLifecycleContext(em, serviceId, appSecret);
  try {
    await plugin.run('terminate', { ...ctx, idempotencyKey: `service-${serviceId}-cancel` });
  } catch (err) {
    throw new Conflict(`The service could not be cancelled right now (${(err as Error).message}). Please try again later.`);
  }
  await em.transactional(async (tx) => {
    const res = await tx.getConnection().execute<QueryResult>(`update service set status = 'cancelled', updated_at = ? where id = ? and status = ?`, [now, serviceId, svc.status], 'run', tx.getTransactionContext());
    if (!res.affectedRows) throw new Conflict('The service changed meanwhile; reload and try again.');
    await recordServiceEvent(tx, { serviceId, from: svc.status, to: 'cancelled', note: 'Cancelled by the client.', actor: 'client', at: now });
    const fee = svc.price_snapshot.price?.cancellationFee;
    const termLeft = svc.next_due_date !== null && compareDates(today, svc.next_due_date) < 0;
    if (fee && fromDecimalString(fee) > 0n && termLeft) {
      const client = await tx.findOneOrFail(Client, { id: clientId });
      const invoice = tx.create(Invoice, { client, currency: svc.price_snapshot.price?.currency ?? 'USD', subtotal: fee, tax: '0', total: fee, dueDate: today });
      tx.create(InvoiceLine, { invoice, kind: 'cancellation', description: `Cancellation fee for service #${serviceId}`, amount: fee, serviceId });
    }
  });
  return { cancelAt: today };
}
