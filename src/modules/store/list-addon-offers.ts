import type { EntityManager } from '@mikro-orm/postgresql';
import { loadParentTerm, type AddonParent } from '../orders/load-addon-parent.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { listPackageAddons, type AddonGroupOffer } from './list-package-addons.ts';
import { loadStoreViewer } from './load-store-viewer.ts';

export type { AddonGroupOffer, AddonPackageOffer } from './list-package-addons.ts';

export interface AddonOffers {
  parent: AddonParent | null;
  /** Why the service takes no add-ons now, or null. */
  problem: string | null;
  currency: { code: string; minorUnits: number };
  groups: AddonGroupOffer[];
}

/**
 * What a client may add to a running service: the packages of the add-on groups its package
 * offers, in group order, each with its prices of the service's term in the service's currency.
 * Listed like the store lists packages: visible ones, and restricted ones the client is allowed.
 */
export async function listAddonOffers(em: EntityManager, clientId: number, serviceId: number, now: Date): Promise<AddonOffers> {
  const viewer = await loadStoreViewer(em, clientId);
  let parent: AddonParent | null = null;
  let problem: string | null = null;
  try {
    parent = await loadParentTerm(em, clientId, serviceId, calendarDateOf(now));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    problem = err.message;
  }
  const found = (await storeCurrencies(em)).find((c) => c.code === parent?.currency);
  const currency = found ? { code: found.code, minorUnits: found.minorUnits, rate: found.isDefault ? '1' : found.rate } : viewer.currency;
  const empty: AddonOffers = { parent, problem, currency, groups: [] };
  if (!parent) return empty;
  const groups = await listPackageAddons(em, parent.packageId, { ...viewer, currency }, now, parent.coTerm.term);
  return { ...empty, groups };
}
