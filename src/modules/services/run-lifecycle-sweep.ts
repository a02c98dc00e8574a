import type { EntityManager } from '@mikro-orm/postgresql';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, type CalendarDate } from '../shared/dates.ts';
import { endCancelledTerms } from './end-cancelled-terms.ts';
import { lockForEnding } from './lock-for-ending.ts';
import { ENDED_STATUSES } from './rules/lifecycle.ts';
import { suspendOverdueServices } from './suspend-overdue-services.ts';
import { terminateOverdueServices } from './terminate-overdue-services.ts';
import { announceServicesEnded } from './services-ended.ts';
import { db } from '../../db/database.ts';

/**
 * Overdue suspensions and terminations, and end-of-term cancellations falling due by `today`.
 * Every step is a conditional change checked under row locks, so running the sweep twice, or
 * on three workers at once, changes each service once; the plugin calls follow through the outbox.
 * NOTE: terminations run first, so a service the sweep reaches late (it did not run for days)
 * goes straight to terminated instead of being suspended and terminated in one pass.
 */
export async function runLifecycleSweep(em: EntityManager, today: CalendarDate, now: Date): Promise<Record<string, number>> {
  const { suspendAfterDays, terminateAfterDays } = await getBillingSettings(em);
  const terminated = await terminateOverdueServices(em, addDays(today, -terminateAfterDays), now);
  const ended = await endCancelledTerms(em, today, now);
  const suspended = await suspendOverdueServices(em, addDays(today, -suspendAfterDays), now);
  const leftover = await voidLeftoverRenewals(em, now);
  return { suspended, terminated: terminated.terminated, ended: ended.ended, voided: terminated.voided + ended.voided + leftover };
}

/**
 * Renewal invoices of services that ended some other way (staff, a client cancelling now, a
 * renewal batch that read the service just before it ended) are voided here too, a shared one
 * billed again for the services still live.
 */
async function voidLeftoverRenewals(em: EntityManager, now: Date, batch = 500): Promise<number> {
  let after = 0;
  let voided = 0;
  for (;;) {
    const ended = await db(em)
      .selectFrom('invoice as i')
      .innerJoin('invoice_line as l', 'l.invoice_id', 'i.id')
      .innerJoin('service as s', 's.id', 'l.service_id')
      .select('s.id as service_id')
      .distinct()
      .where('i.status', '=', 'unpaid')
      .where('l.kind', '=', 'renewal')
      .where('s.status', 'in', ENDED_STATUSES)
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(batch)
      .execute();
    if (!ended.length) return voided;
    after = ended[ended.length - 1]!.service_id;
    voided += await em.transactional(async (tx) => {
      const open = await lockForEnding(
        tx,
        ended.map((e) => e.service_id),
      );
      return announceServicesEnded(
        tx,
        { invoiceIds: [...new Set(open.map((o) => o.invoiceId))], serviceIds: ended.map((e) => e.service_id) },
        now,
      );
    });
    if (ended.length < batch) return voided;
  }
}
