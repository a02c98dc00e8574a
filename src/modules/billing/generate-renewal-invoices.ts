import type { EntityManager } from '@mikro-orm/postgresql';
import { invoiceTotals } from '../pricing/rules/tax.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, type CalendarDate } from '../shared/dates.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { nextRenewal, type RenewalSnapshot } from './rules/renewal.ts';

interface DueRow {
  id: number;
  client_id: number;
  next_due_date: string;
  anchor_day: number | null;
  price_snapshot: RenewalSnapshot;
  package_name: string;
  taxable: boolean;
  tax_rate: string | null;
  minor_units: number | null;
}

/**
 * One pass of the renewal scan: services whose next period starts within `invoice_days_before`
 * days and is not in the ledger yet get the period recorded and an invoice for it.
 * NOTE: the ledger row is inserted first with ON CONFLICT DO NOTHING; only the transaction that
 * inserted it writes the invoice, so scans racing each other (or a retried batch) bill a period
 * once. Returns how many invoices it made; call again until it returns 0.
 */
export async function generateRenewalInvoices(em: EntityManager, today: CalendarDate, opts: { batchSize?: number } = {}): Promise<number> {
  const { invoiceDaysBefore } = await getBillingSettings(em);
  const due = await em.getConnection().execute<DueRow[]>(
    `select s.id, s.client_id, s.next_due_date::text as next_due_date, s.anchor_day, s.price_snapshot, p.name as package_name, p.taxable,
            t.rate as tax_rate, cur.minor_units
       from service s join package p on p.id = s.package_id join client c on c.id = s.client_id
       left join tax_rate t on t.country = c.country left join currency cur on cur.code = s.price_snapshot->'quote'->>'currency'
      where s.status in ('active', 'suspended') and s.next_due_date is not null and s.next_due_date <= ?
        and (s.cancel_at is null or s.cancel_at > s.next_due_date)
        and not exists (select 1 from service_period sp where sp.service_id = s.id and sp.period_start = s.next_due_date)
      order by s.next_due_date, s.id limit ?`,
    [addDays(today, invoiceDaysBefore), opts.batchSize ?? 500],
  );
  let made = 0;
  for (const row of due) {
    const renewal = nextRenewal(row.price_snapshot, row.next_due_date, row.anchor_day);
    if (!renewal) continue;
    const created = await em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const period = await conn.execute<{ id: number }[]>(
        'insert into service_period (service_id, period_start, period_end) values (?, ?, ?) on conflict (service_id, period_start) do nothing returning id',
        [row.id, renewal.periodStart, renewal.periodEnd],
        'all',
        ctx,
      );
      if (!period.length) return false;
      const rate = row.taxable ? row.tax_rate : null;
      const totals = invoiceTotals([{ amount: fromDecimalString(renewal.amount), taxable: row.taxable }], rate, row.minor_units ?? 2);
      const [invoice] = await conn.execute<{ id: number }[]>(
        `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at) values (?, 'unpaid', ?, ?, ?, ?, ?, ?, now()) returning id`,
        [row.client_id, renewal.currency, toDecimalString(totals.subtotal), toDecimalString(totals.tax), toDecimalString(totals.total), rate, renewal.periodStart],
        'all',
        ctx,
      );
      await conn.execute(
        `insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id, period_start, period_end) values (?, 'renewal', ?, ?, ?, ?, ?, ?)`,
        [invoice!.id, `${row.package_name} #${row.id}, ${renewal.periodStart} to ${renewal.periodEnd}`.slice(0, 300), renewal.amount, row.taxable, row.id, renewal.periodStart, renewal.periodEnd],
        'run',
        ctx,
      );
      await conn.execute('update service_period set invoice_id = ? where id = ?', [invoice!.id, period[0]!.id], 'run', ctx);
      return true;
    });
    if (created) made++;
  }
  return made;
}
