import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { offeredAddonPackages } from '../catalog/offered-addon-packages.ts';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import type { ParentTerm } from '../pricing/rules/co-term.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { addonParentTerm } from './rules/addon-parent.ts';

export interface AddonParent {
  id: number;
  packageId: number;
  /** The parent's currency: its add-ons are billed on its invoices. */
  currency: string;
  coTerm: ParentTerm;
}

/** The columns the check reads, as one statement (also run again under the locks at checkout). */
function parentRow(em: EntityManager, clientId: number, serviceId: number) {
  return db(em)
    .selectFrom('service as s')
    .select([
      's.id',
      's.package_id',
      's.status',
      's.parent_id',
      's.anchor_day',
      's.next_due_date',
      's.billed_until',
      's.cancel_at',
      's.price_snapshot',
    ])
    .where('s.id', '=', serviceId)
    .where('s.client_id', '=', clientId);
}

/**
 * A client's service as the parent of a new add-on today: it must take add-ons
 * (rules/addon-parent.ts). `forUpdate` locks its row (checkout, after the client and package rows).
 */
export async function loadParentTerm(
  em: EntityManager,
  clientId: number,
  serviceId: number,
  today: CalendarDate,
  opts: { forUpdate?: boolean } = {},
): Promise<AddonParent> {
  const query = parentRow(em, clientId, serviceId);
  const row = await (opts.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw new NotFound('That service');
  const snapshot = parsePriceSnapshot(row.price_snapshot);
  const term = addonParentTerm(
    {
      status: row.status,
      parentId: row.parent_id,
      anchorDay: row.anchor_day,
      nextDueDate: row.next_due_date,
      billedUntil: row.billed_until,
      cancelAt: row.cancel_at,
      snapshot,
    },
    today,
  );
  if (typeof term === 'string') throw new DomainError(term, 'parentServiceId');
  const currency = snapshot.quote?.currency ?? snapshot.price?.currency;
  if (!currency) throw new DomainError('This service has no currency on record, so it takes no add-ons.', 'parentServiceId');
  return { id: row.id, packageId: row.package_id, currency, coTerm: term };
}

/** The parent as loadParentTerm reads it, when its package offers a group holding `packageId`. */
export async function loadAddonParent(
  em: EntityManager,
  input: { clientId: number; serviceId: number; packageId: number },
  today: CalendarDate,
  opts: { forUpdate?: boolean } = {},
): Promise<AddonParent> {
  const parent = await loadParentTerm(em, input.clientId, input.serviceId, today, opts);
  if (!(await offeredAddonPackages(em, parent.packageId)).has(input.packageId))
    throw new DomainError('That package is not offered as an add-on of this service.', 'packageId');
  return parent;
}
