import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { calendarDateOf, type CalendarDate } from '../shared/dates.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { dayTag } from '../notices/tag-values.ts';
import { queueServiceMessage } from './queue-service-message.ts';
import { recordServiceEvent } from './record-service-event.ts';
import { requestedNote, WITHDRAWN, withdrawnNote, withdrawRefusal, type WithdrawFacts } from './rules/withdraw-cancellation.ts';

/** Who withdraws: staff (by email, whatever the package allows clients), or the client, only for their own service and where the package lets them cancel online. */
export type Withdrawer = { staff: string } | { clientId: number };

/** What withdrawRefusal judges, as stored now. */
export async function loadWithdrawFacts(em: EntityManager, serviceId: number, clientId?: number) {
  let query = db(em)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .leftJoin('service as parent', 'parent.id', 's.parent_id')
    .select([
      's.status',
      's.cancel_at',
      's.price_snapshot',
      's.client_id',
      'p.allow_cancellation',
      's.parent_id',
      'parent.cancel_at as parent_cancel_at',
    ])
    .select(sql<CalendarDate | null>`to_char(coalesce(parent.billed_until, parent.next_due_date), 'YYYY-MM-DD')`.as('parent_billed_from'))
    .where('s.id', '=', serviceId);
  if (clientId !== undefined) query = query.where('s.client_id', '=', clientId);
  const r = await query.executeTakeFirst();
  if (!r) return null;
  const facts: WithdrawFacts = {
    status: r.status,
    cancelAt: r.cancel_at,
    endsByPrice: !!parsePriceSnapshot(r.price_snapshot).price?.cancelAtEndOfTerm,
    parent: r.parent_id === null ? null : { id: r.parent_id, cancelAt: r.parent_cancel_at, billedFrom: r.parent_billed_from },
  };
  return { facts, clientId: r.client_id, allowCancellation: r.allow_cancellation };
}

/** Whether the service's end of term was withdrawn before (a new request is then confirmed anew). */
export async function wasWithdrawn(em: EntityManager, serviceId: number): Promise<boolean> {
  const row = await db(em)
    .selectFrom('service_event')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('note', 'like', `${WITHDRAWN}%`)
    .executeTakeFirst();
  return !!row;
}

/**
 * Keeps a service set to end with its term running (withdrawRefusal says when it may): it renews
 * on its due date again, and so do the add-ons that were to end with it (not one whose own end was
 * asked for, nor one whose price ends with its term); the client is emailed.
 * NOTE: setting the end voided the renewal already invoiced for after it (voidEndedRenewals), and
 * that period stayed counted as billed; its unpaid ledger rows go and `billed_until` moves back,
 * so the next billing run invoices that renewal again, with its own due date, as bill-again.ts
 * does for a shared invoice. Locks the client, then the services, the order billing runs take.
 */
export async function withdrawCancellation(
  em: EntityManager,
  serviceId: number,
  by: Withdrawer,
  now: Date,
): Promise<{ renewsOn: CalendarDate }> {
  const ownerOnly = 'clientId' in by ? by.clientId : undefined;
  const found = await loadWithdrawFacts(em, serviceId, ownerOnly);
  if (!found) throw new NotFound('That service');
  if (ownerOnly !== undefined && !found.allowCancellation)
    throw new Conflict('This service cannot be changed online; please contact support.');
  const refusal = withdrawRefusal(found.facts, calendarDateOf(now));
  if (refusal) throw new Conflict(refusal);
  const { status } = found.facts;
  const renewsOn = found.facts.cancelAt!;
  const actor = 'staff' in by ? by.staff : 'client';
  await em.transactional(async (tx) => {
    const q = db(tx);
    await q.selectFrom('client').select('id').where('id', '=', found.clientId).forUpdate().execute();
    // Judged again under the lock billing runs take first: a run, or an end of its service, meanwhile counts.
    const locked = await loadWithdrawFacts(tx, serviceId);
    const late = locked && withdrawRefusal(locked.facts, calendarDateOf(now));
    if (late) throw new Conflict(late);
    const res = await q
      .updateTable('service')
      .set({ cancel_at: null, updated_at: now })
      .where('id', '=', serviceId)
      .where('status', '=', status)
      .where('cancel_at', '=', renewsOn)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw new Conflict('The service changed meanwhile; reload and try again.');
    const addons = await addonsEndingWith(tx, serviceId, renewsOn);
    if (addons.length) await q.updateTable('service').set({ cancel_at: null, updated_at: now }).where('id', 'in', addons).execute();
    await billAgainFrom(tx, [serviceId, ...addons], renewsOn);
    await recordServiceEvent(tx, { serviceId, from: status, to: status, note: withdrawnNote(renewsOn), actor, at: now });
    await queueServiceMessage(tx, serviceId, 'cancellation_withdrawn', `${serviceId}:${now.getTime()}`, {
      'service.next_due_date': dayTag(renewsOn),
    });
  });
  return { renewsOn };
}

/**
 * The live add-ons ending on the parent's day only because it does, locked: not one whose own
 * latest word was a request to end then, nor one whose price ends with its term.
 */
async function addonsEndingWith(tx: EntityManager, parentId: number, cancelAt: CalendarDate): Promise<number[]> {
  const rows = await db(tx)
    .selectFrom('service as s')
    .select(['s.id', 's.price_snapshot'])
    .select((eb) =>
      eb
        .selectFrom('service_event as e')
        .select('e.note')
        .whereRef('e.service_id', '=', 's.id')
        .where((w) => w.or([w('e.note', '=', requestedNote(cancelAt)), w('e.note', 'like', `${WITHDRAWN}%`)]))
        .orderBy('e.id', 'desc')
        .limit(1)
        .as('last_word'),
    )
    .where('s.parent_id', '=', parentId)
    .where('s.status', 'in', ['pending', 'active', 'suspended'])
    .where('s.cancel_at', '=', cancelAt)
    .orderBy('s.id')
    .forUpdate('s')
    .execute();
  return rows
    .filter((r) => r.last_word !== requestedNote(cancelAt) && !parsePriceSnapshot(r.price_snapshot).price?.cancelAtEndOfTerm)
    .map((r) => r.id);
}

/** Unbills what the end's void left counted as billed from `from` on, so the next run bills it again. */
async function billAgainFrom(tx: EntityManager, serviceIds: readonly number[], from: CalendarDate) {
  // NOTE: raw SQL: a delete feeding an update through a CTE is one statement here.
  await sql`
    with gone as (
       delete from service_period sp
        where sp.service_id in (${sql.join(serviceIds)}) and sp.period_start >= ${from}::date and sp.paid_at is null
          and (sp.invoice_id is null or exists (select 1 from invoice i where i.id = sp.invoice_id and i.status = 'void'))
        returning sp.service_id, sp.period_start)
     update service s set billed_until = g.first_start
       from (select service_id, min(period_start) as first_start from gone group by service_id) g
      where s.id = g.service_id and (s.billed_until is null or s.billed_until > g.first_start)`.execute(db(tx));
}
