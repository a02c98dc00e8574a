import { Hono, type Context } from 'hono';
import { AgingPage } from '../../../views/admin/reports/aging.tsx';
import { ReportsIndexPage } from '../../../views/admin/reports/index.tsx';
import { MrrPage } from '../../../views/admin/reports/mrr.tsx';
import { RevenuePage } from '../../../views/admin/reports/revenue.tsx';
import { TaxPage } from '../../../views/admin/reports/tax.tsx';
import { reportAging } from '../../modules/reports/report-aging.ts';
import { reportMrr } from '../../modules/reports/report-mrr.ts';
import { reportRevenue } from '../../modules/reports/report-revenue.ts';
import { reportTax } from '../../modules/reports/report-tax.ts';
import { parseCurrencyFilter } from '../../modules/reports/rules/report-aging.ts';
import { toCsv } from '../../modules/reports/rules/report-csv.ts';
import { parseDateRange, parseMonthRange, type MonthRange } from '../../modules/reports/rules/report-period.ts';
import { layoutProps } from '../respond.ts';
import type { Env } from '../types.ts';

type MonthFilters =
  | { ok: true; range: MonthRange; currency: string | null; values: Record<string, string> }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/** The months and currency of the revenue and MRR reports, each field checked on its own. */
function monthFilters(c: Context<Env>): MonthFilters {
  const raw = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '', currency: c.req.query('currency') ?? '' };
  const range = parseMonthRange(raw.from, raw.to, c.var.now);
  const currency = parseCurrencyFilter(raw.currency);
  if (!range.ok || !currency.ok)
    return { ok: false, values: raw, errors: { ...(range.ok ? {} : range.errors), ...(currency.ok ? {} : { currency: currency.error }) } };
  return {
    ok: true,
    range: range.value,
    currency: currency.value,
    values: { from: range.value.from, to: range.value.to, currency: currency.value ?? '' },
  };
}

function csv(c: Context<Env>, name: string, header: string[], rows: string[][]) {
  return c.body(toCsv(header, rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.csv"`,
  });
}

/** Reports: revenue, MRR and churn, tax collected, outstanding balances by age. */
export const reportRoutes = new Hono<Env>()
  .get('/', (c) => c.html(<ReportsIndexPage {...layoutProps(c)} />))
  .get('/aging', async (c) => {
    const raw = c.req.query('currency') ?? '';
    const filter = parseCurrencyFilter(raw);
    if (!filter.ok) return c.html(<AgingPage {...layoutProps(c)} report={null} currency={raw} error={filter.error} />, 422);
    const report = await reportAging(c.var.em, c.var.now, filter.value);
    return c.html(<AgingPage {...layoutProps(c)} report={report} currency={filter.value ?? ''} />);
  })
  // The same rows as the page, for a spreadsheet.
  .get('/aging.csv', async (c) => {
    const filter = parseCurrencyFilter(c.req.query('currency'));
    if (!filter.ok) return c.json({ errors: { currency: filter.error } }, 422);
    const report = await reportAging(c.var.em, c.var.now, filter.value);
    return csv(
      c,
      `outstanding-by-age-${report.asOf}`,
      ['Currency', 'Days past due', 'Client ID', 'Client', 'Invoices', 'Amount due'],
      report.rows.map((r) => [r.currency, r.bucket, String(r.clientId), r.clientName, String(r.invoices), r.due]),
    );
  })
  .get('/revenue', async (c) => {
    const f = monthFilters(c);
    if (!f.ok) return c.html(<RevenuePage {...layoutProps(c)} report={null} values={f.values} errors={f.errors} />, 422);
    const report = await reportRevenue(c.var.em, f.range, f.currency);
    return c.html(<RevenuePage {...layoutProps(c)} report={report} values={f.values} />);
  })
  .get('/revenue.csv', async (c) => {
    const f = monthFilters(c);
    if (!f.ok) return c.json({ errors: f.errors }, 422);
    const report = await reportRevenue(c.var.em, f.range, f.currency);
    return csv(
      c,
      `revenue-${f.range.from}-to-${f.range.to}`,
      ['Currency', 'Month', 'Package ID', 'Package', 'Lines', 'Amount'],
      report.rows.map((r) => [r.currency, r.month, r.packageId === null ? '' : String(r.packageId), r.label, String(r.lines), r.amount]),
    );
  })
  .get('/mrr', async (c) => {
    const f = monthFilters(c);
    if (!f.ok) return c.html(<MrrPage {...layoutProps(c)} report={null} values={f.values} errors={f.errors} />, 422);
    const report = await reportMrr(c.var.em, f.range, f.currency, c.var.now);
    return c.html(<MrrPage {...layoutProps(c)} report={report} values={f.values} />);
  })
  .get('/mrr.csv', async (c) => {
    const f = monthFilters(c);
    if (!f.ok) return c.json({ errors: f.errors }, 422);
    const report = await reportMrr(c.var.em, f.range, f.currency, c.var.now);
    return csv(
      c,
      `mrr-${f.range.from}-to-${f.range.to}`,
      ['Month', 'Currency', 'MRR at start', 'New MRR', 'Churned MRR', 'Net new MRR', 'MRR at end', 'Churn rate %'],
      report.rows.map((r) => [r.month, r.currency, r.start, r.added, r.churned, r.net, r.end, r.churnRate ?? '']),
    );
  })
  .get('/tax', async (c) => {
    const raw = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
    const range = parseDateRange(raw.from, raw.to, c.var.now);
    if (!range.ok) return c.html(<TaxPage {...layoutProps(c)} report={null} values={raw} errors={range.errors} />, 422);
    const report = await reportTax(c.var.em, range.value);
    return c.html(<TaxPage {...layoutProps(c)} report={report} values={{ from: range.value.from, to: range.value.to }} />);
  })
  .get('/tax.csv', async (c) => {
    const range = parseDateRange(c.req.query('from'), c.req.query('to'), c.var.now);
    if (!range.ok) return c.json({ errors: range.errors }, 422);
    const report = await reportTax(c.var.em, range.value);
    return csv(
      c,
      `tax-${range.value.from}-to-${range.value.to}`,
      ['Currency', 'Country', 'Tax', 'Rate', 'Reverse charge', 'Invoices', 'Credit notes', 'Net amount', 'Tax amount'],
      report.rows.map((r) => [
        r.currency,
        r.country,
        r.name,
        r.rate,
        r.reverseCharge ? 'yes' : 'no',
        String(r.invoices),
        String(r.creditNotes),
        r.net,
        r.tax,
      ]),
    );
  });
