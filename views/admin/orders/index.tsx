import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import type { OrderList } from '../../../src/modules/orders/list-orders.ts';
import { ORDER_STATUSES } from '../../../src/modules/shared/statuses.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Select, type Errors } from '../../components/form.tsx';
import { InvoiceStatus } from '../../components/invoice-lines.tsx';
import { money } from '../../components/money.ts';
import { FilterForm, ListResults } from '../../components/staff-list.tsx';
import { statusName } from '../../components/status-name.ts';

export type OrderListProps = OrderList & { errors?: Errors };

/** The part htmx swaps as the filters change; the full page renders it too. */
export function OrderResults(props: OrderListProps) {
  return (
    <ListResults
      id="order-results"
      path="/admin/orders"
      list={props}
      noun={['order', 'orders']}
      uncounted="cancelled"
      caption="Orders"
      empty="No orders match."
      columns={['Order', 'Client', 'Items', 'Status', 'Invoice', 'Total', 'Amount due']}
      rows={props.items.map((o) => (
        <tr>
          <td class="nowrap">
            <a href={`/admin/orders/${o.id}`}>#{o.id}</a>
            <div class="muted small">{o.createdAt.slice(0, 10)}</div>
          </td>
          <td>
            <a href={`/admin/clients/${o.clientId}`}>{o.clientName}</a>
            <div class="muted small">{o.clientEmail}</div>
          </td>
          <td>{o.summary || '—'}</td>
          <td>
            <span class="badge">{o.status}</span>
          </td>
          <td class="nowrap">
            {o.invoiceId !== null ? (
              <>
                <a href={`/admin/invoices/${o.invoiceId}`}>{invoiceNumber({ id: o.invoiceId, number: o.invoiceNumber })}</a>{' '}
                {o.invoiceStatus && <InvoiceStatus status={o.invoiceStatus} />}
              </>
            ) : (
              '—'
            )}
          </td>
          <td class="num nowrap">{money(o.total, o.currency, o.minorUnits)}</td>
          <td class="num nowrap">{o.invoiceId !== null ? money(o.amountDue, o.currency, o.minorUnits) : '—'}</td>
        </tr>
      ))}
    />
  );
}

export function OrdersPage(props: PageProps & OrderListProps) {
  const q = props.query;
  const e = props.errors ?? {};
  return (
    <AdminLayout {...props} title="Orders" active="orders">
      <h1>Orders</h1>
      <FilterForm
        action="/admin/orders"
        target="order-results"
        label="Filter orders"
        placeholder="Order #, client name or email"
        query={q}
        errors={e}
      >
        <Select
          name="status"
          label="Status"
          value={q.status}
          blank="Any"
          options={ORDER_STATUSES.map((s) => [s, statusName(s)] as const)}
          error={e.status}
        />
      </FilterForm>
      <OrderResults {...props} />
    </AdminLayout>
  );
}
