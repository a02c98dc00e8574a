import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';

/** The reports staff can run. */
export function ReportsIndexPage(props: PageProps) {
  return (
    <AdminLayout title="Reports" active="reports" staff={props.staff} csrfToken={props.csrfToken} flash={props.flash} inbox={props.inbox}>
      <h1>Reports</h1>
      <ul>
        <li>
          <a href="/admin/reports/revenue">Revenue by month and package</a>: money received on paid invoices, less refunds, per month,
          package and currency.
        </li>
        <li>
          <a href="/admin/reports/mrr">MRR and churn</a>: monthly recurring revenue at the start and end of each month, new, churned and net
          new MRR, and the churn rate.
        </li>
        <li>
          <a href="/admin/reports/tax">Tax collected</a>: net and tax amounts by buyer country and rate for a period, for a VAT return.
        </li>
        <li>
          <a href="/admin/reports/aging">Outstanding balances by age</a>: unpaid invoices past due, in 0-30, 31-60, 61-90 and 90+ day
          buckets, per currency and client.
        </li>
      </ul>
    </AdminLayout>
  );
}
