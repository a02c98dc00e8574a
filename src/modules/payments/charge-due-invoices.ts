import { log } from '../../observability/log.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { chargeSavedCard, type ChargeOutcome } from './charge-saved-card.ts';
import { CLAIM_MS } from './claim-charge-attempt.ts';
import type { GatewayEnv } from './gateway.ts';
import { loadGatewayConfig } from './load-gateways.ts';
import { attemptDue, parseRetryDays, type PastAttempt } from './rules/charge-schedule.ts';

/**
 * The automatic charge run: every unpaid invoice outside an order, due by `today`, whose client
 * has a default saved card, is charged when its schedule says (the due date, then each retry
 * day). Safe to run any number of times and from several workers at once: each attempt is
 * claimed under the invoice's lock and sent with its own idempotency key.
 */
export async function chargeDueInvoices(
  em: EntityManager,
  today: string,
  env: GatewayEnv,
  appSecret: string,
  now: Date,
): Promise<Record<ChargeOutcome | 'failed', number>> {
  const counts: Record<ChargeOutcome | 'failed', number> = {
    charged: 0,
    declined: 0,
    authentication_required: 0,
    processing: 0,
    skipped: 0,
    failed: 0,
  };
  const config = await loadGatewayConfig(em, 'stripe', appSecret);
  if (!config?.enabled || config.settings.auto_charge === false || !config.settings.secret_key) return counts;
  const retryDays = parseRetryDays(typeof config.settings.retry_days === 'string' ? config.settings.retry_days : '1,3,5');
  const rows = await db(em)
    .selectFrom('invoice as i')
    .innerJoin('saved_card as s', (j) =>
      j.onRef('s.client_id', '=', 'i.client_id').on('s.is_default', '=', true).on('s.gateway', '=', 'stripe'),
    )
    .select(['i.id', 'i.due_date'])
    .select(
      sql<
        PastAttempt[] | null
      >`(select json_agg(json_build_object('attempt', a.attempt, 'status', a.status, 'day', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD'), 'stale', a.status = 'pending' and a.claimed_at < ${new Date(now.getTime() - CLAIM_MS)})) from charge_attempt a where a.invoice_id = i.id)`.as(
        'attempts',
      ),
    )
    .where('i.status', '=', 'unpaid')
    .where('i.order_id', 'is', null)
    .where('i.due_date', '<=', today)
    .orderBy('i.id')
    .execute();
  for (const row of rows) {
    const past = (row.attempts ?? []) as (PastAttempt & { stale?: boolean })[];
    // A pending attempt whose run stopped is taken over with its own number (and idempotency key).
    const attempt = past.find((a) => a.stale)?.attempt ?? attemptDue(row.due_date, retryDays, past, today);
    if (attempt === null) continue;
    try {
      counts[await chargeSavedCard(em.fork(), row.id, attempt, config.settings, env, { now, finalAttempt: attempt > retryDays.length })] +=
        1;
    } catch (err) {
      // NOTE: one invoice's trouble (Stripe unreachable) must not stop the others; its attempt stays pending for a later run.
      log.error({ invoiceId: row.id, err: err instanceof Error ? err.message : String(err) }, 'automatic card charge failed');
      counts.failed += 1;
    }
  }
  return counts;
}
