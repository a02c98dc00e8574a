import type { EntityManager } from '@mikro-orm/postgresql';
import { cacheOf, cached } from '../../db/cache.ts';
import { previewBilling, type BillingPreview } from '../billing/preview-billing.ts';

/** How long the admin home shows one forecast before working it out again. */
export const FORECAST_MINUTES = 5;
const TAG = 'renewal-forecast';
const lastBucket = new WeakMap<object, number>();

/**
 * What renewals will invoice in the next 30 days, as the billing preview works it out, for the
 * admin home: at most FORECAST_MINUTES old, and when it was made.
 * NOTE: the preview prices every service due in the window exactly as a billing run would (its
 * snapshot, options, coupons, tax), which takes a second or more at 100,000 services; services
 * change too often for the change feed to say when it is stale, so it is kept for a few minutes
 * (in each web process, beside the other cached reads). The billing page shows it live.
 */
export async function renewalForecast(em: EntityManager, now: Date): Promise<{ preview: BillingPreview; asOf: Date }> {
  const bucket = Math.floor(now.getTime() / (FORECAST_MINUTES * 60_000));
  const key = `${TAG}:${bucket}`;
  const cache = cacheOf(em);
  // A new bucket: the forecast of the last one goes (once: pages loading the new one share its load).
  if (cache && lastBucket.get(cache) !== bucket) {
    lastBucket.set(cache, bucket);
    cache.changed(TAG);
  }
  return cached(em, key, [TAG, 'setting', 'tax_rate', 'currency'], async () => ({
    preview: await previewBilling(em, undefined, 30, now),
    asOf: now,
  }));
}
