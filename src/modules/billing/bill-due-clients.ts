import { queueInvoiceIssued } from '../invoicing/queue-invoice-issued.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { dueService, dueTaxRate, selectDueServices } from './due-services.ts';
import { sellerCountry } from '../settings/seller-details.ts';
import { storeDefaultLanguage } from '../settings/list-languages.ts';
import { pickUiLanguage } from '../../i18n/pick-language.ts';
import { renewalWords } from './rules/renewal-words.ts';
import { groupRenewals, type BilledPeriod } from './rules/group-renewals.ts';
import { renewalProblem, renewalsUntil, type Renewal } from './rules/renewal.ts';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { applyCreditToInvoices } from './apply-credit-to-invoices.ts';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';
import { issueInvoices } from '../invoicing/issue-invoices.ts';
import { loadRenewalCoupons } from '../coupons/load-renewal-coupons.ts';
import { useRenewalCycles } from '../coupons/use-renewal-cycles.ts';
import { renewalDiscounts } from '../coupons/rules/discount.ts';

export interface BillResult {
  scanned: number;
  invoices: number;
  failures: { serviceId: number; reason: string }[];
}

/**
 * Bills every due service of the clients with ids in (after, upTo], inside the caller's
 * transaction, set-based: a few statements whatever the number of services.
 * NOTE: the clients are locked first (in id order, so racing batches cannot deadlock). A second
 * run reaching the same clients waits, then finds `billed_until` moved on and bills nothing; the
 * ledger's unique (service, period start) with ON CONFLICT DO NOTHING is the last line of defence.
 */
export async function billDueClients(
  tx: EntityManager,
  range: { after: number; upTo: number },
  horizon: CalendarDate,
  grouped: boolean,
  now: Date,
  runId: number | null = null,
): Promise<BillResult> {
  const q = db(tx);
  const clients = await q
    .selectFrom('client as c')
    .select(['c.id', 'c.credit_balance'])
    .where('c.id', '>', range.after)
    .where('c.id', '<=', range.upTo)
    .where((eb) => eb.exists(eb.selectFrom('service as s').select('s.id').whereRef('s.client_id', '=', 'c.id').where(dueService(horizon))))
    .orderBy('c.id')
    .forUpdate('c')
    .execute();
  if (!clients.length) return { scanned: 0, invoices: 0, failures: [] };

  const due = await selectDueServices(q, horizon)
    .where(
      's.client_id',
      'in',
      clients.map((c) => c.id),
    )
    .orderBy('s.client_id')
    .orderBy('s.id')
    .execute();

  const failures: BillResult['failures'] = [];
  const renewalsOf = new Map<number, Renewal[]>();
  for (const row of due) {
    try {
      const snapshot = parsePriceSnapshot(row.snapshot);
      const problem = renewalProblem(snapshot);
      if (problem) throw new Error(problem);
      const renewals = renewalsUntil(snapshot, row.bill_from, row.anchor_day, horizon, row.cancel_at);
      if (renewals.length) renewalsOf.set(row.id, renewals);
    } catch (err) {
      // One service's bad data must not hold back the others: staff see it on the run.
      failures.push({ serviceId: row.id, reason: (err as Error).message.slice(0, 500) });
    }
  }
  const periods: BilledPeriod[] = [];
  const discounts: (BilledPeriod & { usesCycle: boolean })[] = [];
  const billedUntil: { id: number; until: string }[] = [];
  const [coupons, seller, storeDefault] = await Promise.all([
    loadRenewalCoupons(tx, [...renewalsOf.keys()]),
    sellerCountry(tx),
    storeDefaultLanguage(tx),
  ]);
  for (const row of due) {
    // NOTE: an add-on renews only with its parent, for the very periods the parent renews now, so
    // it is never billed apart (a parent not due, failed or ending takes its add-ons' periods along).
    const parentStarts = row.parent_id === null ? null : new Set((renewalsOf.get(row.parent_id) ?? []).map((r) => r.periodStart));
    const renewals = (renewalsOf.get(row.id) ?? []).filter((r) => !parentStarts || parentStarts.has(r.periodStart));
    if (!renewals.length) continue;
    // In the client's language, as their invoice and its PDF print it.
    const words = renewalWords(pickUiLanguage({ profile: row.client_language, storeDefault }));
    const name = words.name(row.package_name, row.id, row.parent_id);
    const first = periods.length;
    for (const r of renewals) {
      periods.push({
        serviceId: row.id,
        billedWith: row.parent_id ?? row.id,
        clientId: row.client_id,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        amount: r.amount,
        currency: r.currency,
        description: words.period(name, r.periodStart, r.periodEnd).slice(0, 300),
        taxable: row.taxable,
        taxRate: dueTaxRate(row, seller),
        minorUnits: row.minor_units ?? 2,
      });
    }
    const coupon = coupons.get(row.id);
    if (coupon) {
      // NOTE: each period discounted uses one of the coupon's cycles; only the periods this batch
      // writes to the ledger count (see useRenewalCycles below), so a retried or raced run, which
      // waits on the client lock and then finds them billed, uses none.
      for (const d of renewalDiscounts(coupon, renewals, coupon.granted, renewals[0]!.currency, name, words.lines)) {
        const of = periods.slice(first).find((p) => p.periodStart === d.periodStart)!;
        discounts.push({ ...of, kind: 'discount', amount: d.amount, description: d.description.slice(0, 300), usesCycle: d.usesCycle });
      }
    }
    billedUntil.push({ id: row.id, until: renewals[renewals.length - 1]!.periodEnd });
  }
  if (!periods.length) return { scanned: due.length, invoices: 0, failures };

  // NOTE: raw SQL from here on: each statement takes every row of the batch as one jsonb
  // recordset (a batch can bill tens of thousands of periods, past PostgreSQL's 65,535
  // parameters for a VALUES list), and the row types are what these statements return.
  const inserted = await sql<{ id: number; service_id: number; period_start: string }>`
    insert into service_period (service_id, period_start, period_end, created_at)
    select r.service_id, r.period_start, r.period_end, ${now} from jsonb_to_recordset(${JSON.stringify(periods.map((p) => ({ service_id: p.serviceId, period_start: p.periodStart, period_end: p.periodEnd })))}::jsonb) as r(service_id int, period_start date, period_end date)
    on conflict (service_id, period_start) do nothing
    returning id, service_id, period_start::text as period_start`.execute(q);
  await sql`update service s set billed_until = r.until from jsonb_to_recordset(${JSON.stringify(billedUntil)}::jsonb) as r(id int, until date) where s.id = r.id`.execute(
    q,
  );
  const ledgerId = new Map(inserted.rows.map((i) => [`${i.service_id}|${i.period_start}`, i.id]));
  const isFresh = (p: BilledPeriod) => ledgerId.has(`${p.serviceId}|${p.periodStart}`);
  const fresh = periods.filter(isFresh);
  if (!fresh.length) return { scanned: due.length, invoices: 0, failures };
  const freshDiscounts = discounts.filter(isFresh);
  const cyclesUsed = new Map<number, number>();
  for (const d of freshDiscounts) if (d.usesCycle) cyclesUsed.set(d.serviceId, (cyclesUsed.get(d.serviceId) ?? 0) + 1);
  await useRenewalCycles(tx, cyclesUsed);

  // Each discount right after its period's line (groupRenewals keeps equal keys in this order).
  const invoices = groupRenewals([...fresh, ...freshDiscounts.map(({ usesCycle: _, ...d }) => d)], grouped);
  // Ids up front, so lines and ledger rows can point at their invoice without a round trip each.
  const ids = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('invoice', 'id'))::int as id from generate_series(1, ${invoices.length})`.execute(q);
  const withIds = invoices.map((inv, i) => ({ ...inv, id: ids.rows[i]!.id }));
  const invoiceRows = withIds.map((i) => ({
    id: i.id,
    client_id: i.clientId,
    currency: i.currency,
    subtotal: toDecimalString(i.totals.subtotal),
    tax: toDecimalString(i.totals.tax),
    total: toDecimalString(i.totals.total),
    tax_rate: i.taxRate,
    due_date: i.dueDate,
  }));
  await sql`
    insert into invoice (id, client_id, status, currency, subtotal, tax, total, tax_rate, due_date, billing_run_id, created_at)
    select r.id, r.client_id, 'unpaid', r.currency, r.subtotal, r.tax, r.total, r.tax_rate, r.due_date, ${runId}, ${now}
      from jsonb_to_recordset(${JSON.stringify(invoiceRows)}::jsonb) as r(id int, client_id int, currency text, subtotal numeric, tax numeric, total numeric, tax_rate numeric, due_date date)`.execute(
    q,
  );
  const lines = withIds.flatMap((i) =>
    i.lines.map((l) => ({
      invoice_id: i.id,
      kind: l.kind ?? 'renewal',
      description: l.description,
      amount: l.amount,
      taxable: l.taxable,
      service_id: l.serviceId,
      period_start: l.periodStart,
      period_end: l.periodEnd,
      ledger_id: ledgerId.get(`${l.serviceId}|${l.periodStart}`),
    })),
  );
  await sql`
    insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id, period_start, period_end)
    select r.invoice_id, r.kind, r.description, r.amount, r.taxable, r.service_id, r.period_start, r.period_end
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as r(invoice_id int, kind text, description text, amount numeric, taxable boolean, service_id int, period_start date, period_end date)`.execute(
    q,
  );
  await sql`
    update service_period sp set invoice_id = r.invoice_id
      from jsonb_to_recordset(${JSON.stringify(lines.map((l) => ({ ledger_id: l.ledger_id, invoice_id: l.invoice_id })))}::jsonb) as r(ledger_id int, invoice_id int)
     where sp.id = r.ledger_id`.execute(q);
  await issueInvoices(
    tx,
    withIds.map((i) => i.id),
    now,
  );
  // A renewal of nothing (a free-of-charge recurring price) is paid at once, like a free order,
  // so it extends the service instead of ever counting as overdue.
  for (const inv of withIds) {
    if (inv.totals.total === 0n) await payInvoiceIn(tx, { invoiceId: inv.id, gateway: 'free', reference: `free-${inv.id}` }, now);
  }
  const withCredit = new Set(clients.filter((c) => fromDecimalString(c.credit_balance) > 0n).map((c) => c.id));
  const creditable = withIds.filter((i) => withCredit.has(i.clientId)).map((i) => i.id);
  if (creditable.length) await applyCreditToInvoices(tx, creditable, now);
  // Last, so an invoice credit or a free renewal settled tells nobody to pay it.
  await queueInvoiceIssued(
    tx,
    withIds.map((i) => i.id),
    now,
  );
  return { scanned: due.length, invoices: withIds.length, failures };
}
