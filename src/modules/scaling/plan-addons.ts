import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { offeredAddonPackages } from '../catalog/offered-addon-packages.ts';
import { quoteOrder } from '../orders/quote-order.ts';
import type { Term } from '../pricing/rules/billing-cycle.ts';
import { parsePriceSnapshot, priceSnapshotOf, unitsOf } from '../pricing/rules/price-snapshot.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { fromDecimalString, mulDiv, type Units } from '../shared/money.ts';
import type { AddonPlan } from './scaling.entities.ts';

export interface AddonFates {
  /** Add-ons the target offers with a price of the new price's name and term: re-priced from the next due date. */
  kept: { id: number; packageName: string; priceName: string; renewal: string | null }[];
  /** The others: they end when the change applies, credited for their unused days. */
  ended: { id: number; packageName: string; credit: Units }[];
  plan: AddonPlan;
}

export interface AddonChangeContext {
  targetPackageId: number;
  /** The service's new price: its name is the add-ons' too (the Billmora rule), its term theirs. */
  priceName: string;
  term: Term | null;
  currency: string;
  country: string | null;
  vatId: string | null;
  today: CalendarDate;
  nextDueDate: CalendarDate | null;
  anchorDay: number | null;
  /** The service's current period, which its add-ons share (they co-term): what is left of it. */
  daysLeft: number;
  daysInPeriod: number;
  /** False when the service had nothing to credit (a free service). */
  credits: boolean;
}

/**
 * What a package change does to the service's add-ons (DOMAIN.md "Add-ons"): the target package
 * keeps those it offers, re-priced from the next due date at the same price name (and so the new
 * term); the others end at the change, each credited for its unused days like the service's own
 * old price, all in the one preview.
 */
export async function planAddons(em: EntityManager, serviceId: number, ctx: AddonChangeContext): Promise<AddonFates> {
  const q = db(em);
  const addons = await q
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select(['s.id', 's.package_id', 'p.name', 's.price_snapshot'])
    .where('s.parent_id', '=', serviceId)
    .where('s.status', 'in', ['pending', 'active', 'suspended'])
    .orderBy('s.id')
    .execute();
  const fates: AddonFates = { kept: [], ended: [], plan: { kept: [], ended: [] } };
  if (!addons.length) return fates;
  const offered = await offeredAddonPackages(em, ctx.targetPackageId);
  for (const a of addons) {
    const snapshot = parsePriceSnapshot(a.price_snapshot);
    const kept = offered.has(a.package_id) && ctx.term ? await reprice(em, a.package_id, snapshot.optionIds ?? [], ctx) : null;
    if (kept) {
      fates.kept.push({ id: a.id, packageName: a.name, priceName: ctx.priceName, renewal: kept.snapshot.quote?.renewalAmount ?? null });
      fates.plan.kept.push({ id: a.id, priceId: kept.priceId, snapshot: kept.snapshot });
      continue;
    }
    const perTerm = snapshot.quote?.renewalAmount ? fromDecimalString(snapshot.quote.renewalAmount) / BigInt(unitsOf(snapshot)) : 0n;
    const credit = ctx.credits && ctx.daysInPeriod > 0 ? mulDiv(perTerm, BigInt(ctx.daysLeft), BigInt(ctx.daysInPeriod)) : 0n;
    fates.ended.push({ id: a.id, packageName: a.name, credit });
    fates.plan.ended.push(a.id);
  }
  return fates;
}

/** The add-on's price of the service's new name and term, as the snapshot it renews on; null when it has none. */
async function reprice(em: EntityManager, packageId: number, optionIds: number[], ctx: AddonChangeContext) {
  try {
    const noProRata = { proRata: false, proRataDay: null, proRataCutoffDay: null };
    const r = await quoteOrder(
      em,
      { packageId, priceName: ctx.priceName, optionIds, quantity: 1, currency: ctx.currency },
      { country: ctx.country, vatId: ctx.vatId, today: ctx.today, withParent: { proRata: noProRata, term: ctx.term!, unitQuantity: 1 } },
    );
    // NOTE: only what renewals read matters here (the price, its term, the renewal amount, the dates): nothing is charged now.
    const quote = {
      ...r.quote,
      lines: [],
      subtotal: '0.0000',
      tax: '0.0000',
      total: '0.0000',
      periodStart: ctx.today,
      periodEnd: ctx.nextDueDate,
      firstRenewalDate: ctx.nextDueDate,
      anchorDay: ctx.anchorDay,
    };
    return {
      priceId: r.price?.id ?? null,
      snapshot: priceSnapshotOf({ priceName: ctx.priceName, optionIds, price: r.price ?? null, quote }),
    };
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw err;
  }
}
