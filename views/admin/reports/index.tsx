import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';

/** The reports staff can run. */
export function ReportsIndexPage(props: PageProps) {
  return (
    <AdminLayout title="Reports" active="reports" staff={props.staff} csrfToken={props.csrfToken} flash={props.flash}>
      <h1>Reports</h1>
      <ul>
        <li>
          <a href="/admin/reports/aging">Outstanding balances by age</a>: unpaid invoices past due, in 0-30, 31-60, 61-90 and 90+ day buckets, per currency and client.
        </li>
      </ul>
    </AdminLayout>
  );
}
