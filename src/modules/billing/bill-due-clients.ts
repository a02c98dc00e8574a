import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { BILL_FROM, DUE_SERVICE } from './due-services.ts';
import { groupRenewals, type BilledPeriod } from './rules/group-renewals.ts';
import { renewalProblem, renewalsUntil } from './rules/renewal.ts';
import { parsePriceSnapshot, snapshotSql } from '../pricing/rules/price-snapshot.ts';
import { applyCreditToInvoices } from './apply-credit-to-invoices.ts';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';

const SNAP = snapshotSql('s.price_snapshot');

export interface BillResult {
  scanned: number;
  invoices: number;
  failures: { serviceId: number; reason: string }[];
}

interface DueRow {
  id: number;
  client_id: number;
  bill_from: string;
  anchor_day: number | null;
  cancel_at: string | null;
  /** The renewal parts of the snapshot, as stored: parsed per service, so a bad one fails only that service. */
  snapshot: unknown;
  package_name: string;
  taxable: boolean;
  tax_rate: string | null;
  minor_units: number | null;
}

/**
 * Bills every due service of the clients with ids in (after, upTo], inside the caller's
 * transaction, set-based: a few statements whatever the number of services.
 * NOTE: the clients are locked first (in id order, so racing batches cannot deadlock). A second
 * run reaching the same clients waits, then finds `billed_until` moved on and bills nothing; the
 * ledger's unique (service, period start) with ON CONFLICT DO NOTHING is the last line of defence.
 */
export async function billDueClients(tx: EntityManager, range: { after: number; upTo: number }, horizon: CalendarDate, grouped: boolean, now: Date, runId: number | null = null): Promise<BillResult> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const q = <T>(sql: string, params: unknown[]) => conn.execute<T[]>(sql, params, 'all', ctx);

  const clients = await q<{ id: number; credit_balance: string }>(
    `select c.id, c.credit_balance from client c
      where c.id > ? and c.id <= ? and exists (select 1 from service s where s.client_id = c.id and ${DUE_SERVICE})
      order by c.id for update of c`,
    [range.after, range.upTo, horizon],
  );
  if (!clients.length) return { scanned: 0, invoices: 0, failures: [] };

  const due = await q<DueRow>(
    `select s.id, s.client_id, ${BILL_FROM}::text as bill_from, s.anchor_day, s.cancel_at::text as cancel_at,
            ${SNAP.renewalParts} as snapshot,
            p.name as package_name, p.taxable, t.rate as tax_rate, cur.minor_units
       from service s join package p on p.id = s.package_id join client c on c.id = s.client_id
       left join tax_rate t on t.country = c.country left join currency cur on cur.code = ${SNAP.currency}
      where s.client_id = any(?::int[]) and ${DUE_SERVICE}
      order by s.client_id, s.id`,
    [`{${clients.map((c) => c.id).join(',')}}`, horizon],
  );

  const failures: BillResult['failures'] = [];
  const periods: BilledPeriod[] = [];
  const billedUntil: { id: number; until: string }[] = [];
  for (const row of due) {
    try {
      const snapshot = parsePriceSnapshot(row.snapshot);
      const problem = renewalProblem(snapshot);
      if (problem) throw new Error(problem);
      const renewals = renewalsUntil(snapshot, row.bill_from, row.anchor_day, horizon, row.cancel_at);
      if (!renewals.length) continue;
      for (const r of renewals) {
        periods.push({
          serviceId: row.id,
          clientId: row.client_id,
          periodStart: r.periodStart,
          periodEnd: r.periodEnd,
          amount: r.amount,
          currency: r.currency,
          description: `${row.package_name} #${row.id}, ${r.periodStart} to ${r.periodEnd}`.slice(0, 300),
          taxable: row.taxable,
          taxRate: row.tax_rate,
          minorUnits: row.minor_units ?? 2,
        });
      }
      billedUntil.push({ id: row.id, until: renewals[renewals.length - 1]!.periodEnd });
    } catch (err) {
      // One service's bad data must not hold back the others: staff see it on the run.
      failures.push({ serviceId: row.id, reason: (err as Error).message.slice(0, 500) });
    }
  }
  if (!periods.length) return { scanned: due.length, invoices: 0, failures };

  const inserted = await q<{ id: number; service_id: number; period_start: string }>(
    `insert into service_period (service_id, period_start, period_end, created_at)
     select r.service_id, r.period_start, r.period_end, ? from jsonb_to_recordset(?::jsonb) as r(service_id int, period_start date, period_end date)
     on conflict (service_id, period_start) do nothing
     returning id, service_id, period_start::text as period_start`,
    [now, JSON.stringify(periods.map((p) => ({ service_id: p.serviceId, period_start: p.periodStart, period_end: p.periodEnd })))],
  );
  await conn.execute(
    'update service s set billed_until = r.until from jsonb_to_recordset(?::jsonb) as r(id int, until date) where s.id = r.id',
    [JSON.stringify(billedUntil)],
    'run',
    ctx,
  );
  const ledgerId = new Map(inserted.map((i) => [`${i.service_id}|${i.period_start}`, i.id]));
  const fresh = periods.filter((p) => ledgerId.has(`${p.serviceId}|${p.periodStart}`));
  if (!fresh.length) return { scanned: due.length, invoices: 0, failures };

  const invoices = groupRenewals(fresh, grouped);
  // Ids up front, so lines and ledger rows can point at their invoice without a round trip each.
  const ids = await q<{ id: number }>(`select nextval(pg_get_serial_sequence('invoice', 'id'))::int as id from generate_series(1, ?)`, [invoices.length]);
  const withIds = invoices.map((inv, i) => ({ ...inv, id: ids[i]!.id }));
  await conn.execute(
    `insert into invoice (id, client_id, status, currency, subtotal, tax, total, tax_rate, due_date, billing_run_id, created_at)
     select r.id, r.client_id, 'unpaid', r.currency, r.subtotal, r.tax, r.total, r.tax_rate, r.due_date, ?, ?
       from jsonb_to_recordset(?::jsonb) as r(id int, client_id int, currency text, subtotal numeric, tax numeric, total numeric, tax_rate numeric, due_date date)`,
    [
      runId,
      now,
      JSON.stringify(
        withIds.map((i) => ({
          id: i.id,
          client_id: i.clientId,
          currency: i.currency,
          subtotal: toDecimalString(i.totals.subtotal),
          tax: toDecimalString(i.totals.tax),
          total: toDecimalString(i.totals.total),
          tax_rate: i.taxRate,
          due_date: i.dueDate,
        })),
      ),
    ],
    'run',
    ctx,
  );
  const lines = withIds.flatMap((i) => i.lines.map((l) => ({ invoice_id: i.id, description: l.description, amount: l.amount, taxable: l.taxable, service_id: l.serviceId, period_start: l.periodStart, period_end: l.periodEnd, ledger_id: ledgerId.get(`${l.serviceId}|${l.periodStart}`) })));
  await conn.execute(
    `insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id, period_start, period_end)
     select r.invoice_id, 'renewal', r.description, r.amount, r.taxable, r.service_id, r.period_start, r.period_end
       from jsonb_to_recordset(?::jsonb) as r(invoice_id int, description text, amount numeric, taxable boolean, service_id int, period_start date, period_end date)`,
    [JSON.stringify(lines)],
    'run',
    ctx,
  );
  await conn.execute(
    'update service_period sp set invoice_id = r.invoice_id from jsonb_to_recordset(?::jsonb) as r(ledger_id int, invoice_id int) where sp.id = r.ledger_id',
    [JSON.stringify(lines.map((l) => ({ ledger_id: l.ledger_id, invoice_id: l.invoice_id })))],
    'run',
    ctx,
  );
  // A renewal of nothing (a free-of-charge recurring price) is paid at once, like a free order,
  // so it extends the service instead of ever counting as overdue.
  for (const inv of withIds) {
    if (inv.totals.total === 0n) await payInvoiceIn(tx, { invoiceId: inv.id, gateway: 'free', reference: `free-${inv.id}` }, now);
  }
  const withCredit = new Set(clients.filter((c) => fromDecimalString(c.credit_balance) > 0n).map((c) => c.id));
  const creditable = withIds.filter((i) => withCredit.has(i.clientId)).map((i) => i.id);
  if (creditable.length) await applyCreditToInvoices(tx, creditable, now);
  return { scanned: due.length, invoices: withIds.length, failures };
}
