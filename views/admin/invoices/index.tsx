import type { InvoiceList } from '../../../src/modules/invoicing/list-invoices.ts';
import { GATEWAYS } from '../../../src/modules/invoicing/rules/constants.ts';
import { t } from '../../../src/i18n/locale.ts';
import { INVOICE_STATUSES } from '../../../src/modules/shared/statuses.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Select, type Errors } from '../../components/form.tsx';
import { InvoiceStatus, RefundBadge } from '../../components/invoice-lines.tsx';
import { money } from '../../components/money.ts';
import { FilterCheckbox, FilterForm, ListResults } from '../../components/staff-list.tsx';
import { InvoiceRowActions } from './_row-actions.tsx';
import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import { statusName } from '../../components/status-name.ts';

export type InvoiceListProps = InvoiceList & { errors?: Errors; today: string; canWrite: boolean; csrf: string | null };

/** The part htmx swaps as the filters change; the full page renders it too. */
export function InvoiceResults(props: InvoiceListProps) {
  return (
    <ListResults
      id="invoice-results"
      path="/admin/invoices"
      list={props}
      noun={['invoice', 'invoices']}
      uncounted="cancelled"
      caption="Invoices"
      empty="No invoices match."
      actions="Actions"
      columns={['Invoice', 'Client', 'Status', 'Created', 'Due', 'Total', 'Amount due']}
      rows={props.items.map((i) => (
        <tr>
          <td>
            <a href={`/admin/invoices/${i.id}`}>{invoiceNumber(i)}</a>
          </td>
          <td>
            <a href={`/admin/clients/${i.clientId}`}>{i.clientName}</a>
            <div class="muted small">{i.clientEmail}</div>
          </td>
          <td>
            <InvoiceStatus status={i.status} /> <RefundBadge refunded={i.refunded} total={i.total} />
            {i.status === 'unpaid' && i.dueDate < props.today && <span class="badge bad">overdue</span>}
          </td>
          <td class="nowrap">{i.createdAt.slice(0, 10)}</td>
          <td class="nowrap">{i.dueDate}</td>
          <td class="num nowrap">{money(i.total, i.currency, i.minorUnits)}</td>
          <td class="num nowrap">{money(i.amountDue, i.currency, i.minorUnits)}</td>
          <td class="actions-cell">
            <InvoiceRowActions id={i.id} number={i.number} status={i.status} canWrite={props.canWrite} csrfToken={props.csrf} />
          </td>
        </tr>
      ))}
    />
  );
}

export function InvoicesPage(props: PageProps & InvoiceListProps) {
  const q = props.query;
  const e = props.errors ?? {};
  return (
    <AdminLayout {...props} title="Invoices" active="invoices">
      <h1>Invoices</h1>
      <FilterForm
        action="/admin/invoices"
        target="invoice-results"
        label="Filter invoices"
        placeholder="Invoice #, client name or email"
        query={q}
        errors={e}
      >
        <Select
          name="status"
          label="Status"
          value={q.status}
          blank="Any"
          options={INVOICE_STATUSES.map((s) => [s, statusName(s)] as const)}
          error={e.status}
        />
        <Select
          name="gateway"
          label="Paid with"
          value={q.gateway}
          blank="Any"
          options={GATEWAYS.map((g) => [g, t(`documents:gateway.${g}`)] as const)}
          error={e.gateway}
        />
        <FilterCheckbox name="overdue" label="Overdue only" checked={q.overdue} />
      </FilterForm>
      <InvoiceResults {...props} />
    </AdminLayout>
  );
}
