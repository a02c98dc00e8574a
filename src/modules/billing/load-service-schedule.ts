import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, calendarDateOf, type CalendarDate } from '../shared/dates.ts';
import { NotFound } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { parseInput } from '../shared/validation.ts';
import { scheduleInput } from './billing.schemas.ts';
import { upcomingPeriods, type SchedulePeriod } from './rules/schedule.ts';

export interface ScheduledPeriod extends SchedulePeriod {
  /** The last day paid for: the day before `end`. */
  lastDay: CalendarDate;
  /** The day it was invoiced (billed) or will be (upcoming). */
  invoiceDate: CalendarDate;
  /** Set once the period is billed: its ledger row points at the invoice (its number, null until it has one). */
  invoiceId: number | null;
  invoiceNumber: string | null;
  billed: boolean;
  /**
   * The add-ons renewing with it on its invoice (each one's renewal for the same period, before
   * tax) added to its amount, 4 decimals; null when no add-on renews then.
   */
  withAddons: string | null;
}

export interface ServiceSchedule {
  serviceId: number;
  status: ServiceStatus;
  nextDueDate: CalendarDate | null;
  cancelAt: CalendarDate | null;
  invoiceDaysBefore: number;
  /** Amounts are one service's renewal amount before tax. */
  periods: ScheduledPeriod[];
  /** Why there are no periods when the data does not allow a schedule; null otherwise. */
  problem: string | null;
}

/** Statuses that still renew (a pending service renews once it is set up). */
const RENEWING: readonly string[] = ['pending', 'active', 'suspended'];

/**
 * A service's next `periods` periods (1 to 60) from its next due date, with the day each is
 * invoiced; `clientId` limits it to that client's own service.
 */
export async function loadServiceSchedule(
  em: EntityManager,
  serviceId: number,
  periods: unknown,
  now: Date,
  clientId?: number,
): Promise<ServiceSchedule> {
  const { periods: count } = parseInput(scheduleInput, { periods });
  const q = db(em);
  let query = q
    .selectFrom('service')
    .select(['status', 'price_snapshot', 'next_due_date', 'anchor_day', 'cancel_at'])
    .where('id', '=', serviceId);
  if (clientId !== undefined) query = query.where('client_id', '=', clientId);
  const s = await query.executeTakeFirst();
  if (!s) throw new NotFound('That service');
  const { invoiceDaysBefore } = await getBillingSettings(em);
  const base = { serviceId, status: s.status, nextDueDate: s.next_due_date, cancelAt: s.cancel_at, invoiceDaysBefore };
  if (!s.next_due_date || !RENEWING.includes(s.status)) return { ...base, periods: [], problem: null };
  let upcoming: SchedulePeriod[];
  try {
    upcoming = upcomingPeriods(parsePriceSnapshot(s.price_snapshot), s.next_due_date, s.anchor_day, count, s.cancel_at, {
      invoiceDaysBefore,
      today: calendarDateOf(now),
    });
  } catch (err) {
    // A due date off the anchor: the run reports it as a failure; the page says the same.
    return { ...base, periods: [], problem: (err as Error).message };
  }
  const billed = upcoming.length
    ? await q
        .selectFrom('service_period as sp')
        .leftJoin('invoice as i', 'i.id', 'sp.invoice_id')
        .select(['sp.period_start', 'sp.invoice_id', 'i.number', sql<Date>`coalesce(i.created_at, sp.created_at)`.as('invoiced_at')])
        .where('sp.service_id', '=', serviceId)
        .where('sp.period_start', '>=', upcoming[0]!.start)
        .where('sp.period_start', '<=', upcoming[upcoming.length - 1]!.start)
        .execute()
    : [];
  const byStart = new Map(billed.map((b) => [b.period_start, b]));
  const addons = await addonRenewals(em, serviceId, count);
  return {
    ...base,
    problem: null,
    periods: upcoming.map((p) => {
      const b = byStart.get(p.start);
      const lastDay = addDays(p.end, -1);
      const extra = addons.get(p.start);
      const withAddons = extra === undefined ? null : toDecimalString(fromDecimalString(p.amount) + extra);
      return b
        ? {
            ...p,
            lastDay,
            billed: true,
            invoiceId: b.invoice_id,
            invoiceNumber: b.number,
            invoiceDate: calendarDateOf(new Date(b.invoiced_at)),
            withAddons,
          }
        : { ...p, lastDay, billed: false, invoiceId: null, invoiceNumber: null, invoiceDate: p.invoiceDate!, withAddons };
    }),
  };
}

/**
 * What the service's live add-ons renew for, summed by period start: an add-on co-terms with its
 * parent (DOMAIN.md "Add-ons"), so its periods start on the parent's and go on its invoice. One
 * cancelled for the end of its term stops there; one whose dates are off its anchor is left out
 * (the renewal run reports it).
 */
async function addonRenewals(em: EntityManager, serviceId: number, count: number): Promise<Map<CalendarDate, bigint>> {
  const rows = await db(em)
    .selectFrom('service')
    .select(['price_snapshot', 'next_due_date', 'anchor_day', 'cancel_at'])
    .where('parent_id', '=', serviceId)
    .where('status', 'in', RENEWING as ServiceStatus[])
    .where('next_due_date', 'is not', null)
    .$narrowType<{ next_due_date: CalendarDate }>()
    .execute();
  const sums = new Map<CalendarDate, bigint>();
  for (const a of rows) {
    let periods: SchedulePeriod[];
    try {
      periods = upcomingPeriods(parsePriceSnapshot(a.price_snapshot), a.next_due_date, a.anchor_day, count, a.cancel_at);
    } catch {
      continue;
    }
    for (const p of periods) sums.set(p.start, (sums.get(p.start) ?? 0n) + fromDecimalString(p.amount));
  }
  return sums;
}
