import type { EntityManager } from '@mikro-orm/postgresql';
import { cacheOf, type Tags } from '../../db/cache.ts';
import { log } from '../../observability/log.ts';
import { previewBilling, type BillingPreview } from '../billing/preview-billing.ts';

/** How long the admin home shows one forecast before working it out again. */
export const FORECAST_MINUTES = 5;
/** Older than this, a page waits for a new forecast rather than show the one held (a process that sat idle). */
export const FORECAST_STALE_MINUTES = 15;
const KEY = 'renewal-forecast';
// What would make a held forecast wrong rather than old: the settings, tax rates and currencies it prices with.
const TAGS: Tags = ['setting', 'tax_rate', 'currency'];

export interface RenewalForecast {
  preview: BillingPreview;
  asOf: Date;
}

/**
 * What renewals will invoice in the next 30 days, as the billing preview works it out, for the
 * admin home, and when it was made.
 * NOTE: the preview prices every service due in the window exactly as a billing run would (its
 * snapshot, options, coupons, tax), which takes a second or more at 100,000 services; services
 * change too often for the change feed to say when it is stale, so each web process keeps one
 * and works it out again every FORECAST_MINUTES. No page waits for that: the one that finds it
 * old starts the work in the background and shows the one held, with its time (the page says
 * "as of"); the next pages get the new one. A page waits only when there is none yet, or none
 * younger than FORECAST_STALE_MINUTES, or a setting, tax rate or currency changed since, or the
 * change feed is down (then nothing is held, and each page works it out).
 */
export async function renewalForecast(em: EntityManager, now: Date): Promise<RenewalForecast> {
  const cache = cacheOf(em);
  if (!cache || em.isInTransaction()) return { preview: await previewBilling(em, undefined, 30, now), asOf: now };
  // A fork of its own: a load in the background outlives the request that started it.
  const load = async () => ({ value: { preview: await previewBilling(em.fork(), undefined, 30, now), asOf: now }, tags: TAGS });
  const held = cache.peek<RenewalForecast>(KEY);
  const age = held ? now.getTime() - held.asOf.getTime() : Infinity;
  if (age < FORECAST_MINUTES * 60_000) return held!;
  if (age < FORECAST_STALE_MINUTES * 60_000) {
    cache.refresh(KEY, load, TAGS).catch((err: unknown) => {
      // The held one stays; the next page tries again.
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'renewal forecast: could not work it out again');
    });
    return held!;
  }
  return cache.refresh(KEY, load, TAGS);
}
