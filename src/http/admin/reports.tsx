import { Hono } from 'hono';
import { AgingPage } from '../../../views/admin/reports/aging.tsx';
import { ReportsIndexPage } from '../../../views/admin/reports/index.tsx';
import { reportAging } from '../../modules/reports/report-aging.ts';
import { parseCurrencyFilter } from '../../modules/reports/rules/report-aging.ts';
import { toCsv } from '../../modules/reports/rules/report-csv.ts';
import { layoutProps } from '../respond.ts';
import type { Env } from '../types.ts';

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
    const body = toCsv(
      ['Currency', 'Days past due', 'Client ID', 'Client', 'Invoices', 'Amount due'],
      report.rows.map((r) => [r.currency, r.bucket, String(r.clientId), r.clientName, String(r.invoices), r.due]),
    );
    return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="outstanding-by-age-${report.asOf}.csv"` });
  });
