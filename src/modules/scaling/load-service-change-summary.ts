import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { invoiceNumber } from '../invoicing/rules/invoice-document.ts';

/** A confirmed change waiting for its invoice to be paid. */
export interface PendingChange {
  id: number;
  toPackageName: string;
  toPriceName: string | null;
  invoiceId: number | null;
  /** Its number as the client knows it (INV-2026-0004), or #id before it has one. */
  invoiceNumber: string | null;
  /** The invoice total (4 decimals) in `currency`. */
  total: string | null;
  currency: string;
  minorUnits: number;
}

export interface ServiceChangeSummary {
  /** Active and not set to end, with at least one package it may move to. */
  canChange: boolean;
  pending: PendingChange | null;
}

/** What a service page says about changing package: whether it can, and a change waiting for payment. */
export async function loadServiceChangeSummary(em: EntityManager, serviceId: number): Promise<ServiceChangeSummary> {
  const q = db(em);
  const svc = await q
    .selectFrom('service as s')
    .select((eb) =>
      eb
        .and([
          eb('s.status', '=', 'active'),
          // Cancelled at the end of its term: it keeps its package until then.
          eb('s.cancel_at', 'is', null),
          eb.or([
            eb.exists(
              eb
                .selectFrom('package_scaling as ps')
                .innerJoin('package as p', 'p.id', 'ps.target_package_id')
                .select('p.id')
                .whereRef('ps.package_id', '=', 's.package_id')
                .where('p.status', '<>', 'inactive'),
            ),
            // Or options of its own package it may change.
            eb.exists(
              eb
                .selectFrom('package_option_group as pg')
                .innerJoin('variant_group as g', 'g.id', 'pg.group_id')
                .select('pg.id')
                .whereRef('pg.package_id', '=', 's.package_id')
                .where('g.upgradable', '=', true),
            ),
          ]),
        ])
        .as('can_change'),
    )
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  const r = await q
    .selectFrom('service_change as sc')
    .innerJoin('package as p', 'p.id', 'sc.to_package_id')
    .leftJoin('invoice as i', 'i.id', 'sc.invoice_id')
    .leftJoin('currency as cur', 'cur.code', 'sc.currency')
    .select(['sc.id', 'p.name', 'sc.new_snapshot', 'sc.invoice_id', 'i.number', 'i.total', 'sc.currency', 'cur.minor_units'])
    .where('sc.service_id', '=', serviceId)
    .where('sc.status', '=', 'awaiting_payment')
    .orderBy('sc.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    canChange: !!svc?.can_change,
    pending: r
      ? {
          id: r.id,
          toPackageName: r.name,
          toPriceName: parsePriceSnapshot(r.new_snapshot).priceName ?? null,
          invoiceId: r.invoice_id,
          invoiceNumber: r.invoice_id === null ? null : invoiceNumber({ id: r.invoice_id, number: r.number }),
          total: r.total,
          currency: r.currency,
          minorUnits: r.minor_units ?? 2,
        }
      : null,
  };
}
