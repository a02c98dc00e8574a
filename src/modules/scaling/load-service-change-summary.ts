import type { EntityManager } from '@mikro-orm/postgresql';
import { snapshotSql } from '../pricing/rules/price-snapshot.ts';

/** A confirmed change waiting for its invoice to be paid. */
export interface PendingChange {
  id: number;
  toPackageName: string;
  toPriceName: string | null;
  invoiceId: number | null;
  /** The invoice total (4 decimals) in `currency`. */
  total: string | null;
  currency: string;
  minorUnits: number;
}

export interface ServiceChangeSummary {
  /** Active, with at least one package it may move to. */
  canChange: boolean;
  pending: PendingChange | null;
}

/** What a service page says about changing package: whether it can, and a change waiting for payment. */
export async function loadServiceChangeSummary(em: EntityManager, serviceId: number): Promise<ServiceChangeSummary> {
  const conn = em.getConnection();
  const [svc] = await conn.execute<{ can_change: boolean }[]>(
    `select s.status = 'active' and exists (select 1 from package_scaling ps join package p on p.id = ps.target_package_id where ps.package_id = s.package_id and p.status <> 'inactive') as can_change
       from service s where s.id = ?`,
    [serviceId],
  );
  const [r] = await conn.execute<{ id: number; name: string; price_name: string | null; invoice_id: number | null; total: string | null; currency: string; minor_units: number | null }[]>(
    `select sc.id, p.name, ${snapshotSql('sc.new_snapshot').priceName} as price_name, sc.invoice_id, i.total, sc.currency, cur.minor_units
       from service_change sc join package p on p.id = sc.to_package_id left join invoice i on i.id = sc.invoice_id left join currency cur on cur.code = sc.currency
      where sc.service_id = ? and sc.status = 'awaiting_payment' order by sc.id desc limit 1`,
    [serviceId],
  );
  return {
    canChange: !!svc?.can_change,
    pending: r ? { id: r.id, toPackageName: r.name, toPriceName: r.price_name, invoiceId: r.invoice_id, total: r.total, currency: r.currency, minorUnits: r.minor_units ?? 2 } : null,
  };
}
