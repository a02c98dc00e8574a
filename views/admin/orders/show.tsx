import type { InvoiceDetail } from '../../../src/modules/invoicing/load-invoice.ts';
import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import type { OrderDetail, OrderLineDetail } from '../../../src/modules/services/load-order-detail.ts';
import { HistoryCard } from '../audit/history-card.tsx';
import { when } from '../billing/parts.tsx';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, type Errors } from '../../components/form.tsx';
import { InvoiceLines, InvoiceStatus, PaymentsTable } from '../../components/invoice-lines.tsx';
import { money } from '../../components/money.ts';

const ORDER_TONE: Record<string, string> = { paid: 'ok', pending: 'warn', cancelled: 'muted' };

/** The staff member who added it for the client; an order placed at checkout or through the API names no one (its history does). */
const placedBy = (o: OrderDetail) => (o.placedBy ? `by ${o.placedBy.replace(/^staff:/, '')} (staff)` : null);

function LineCell(props: { line: OrderLineDetail; order: OrderDetail }) {
  const l = props.line;
  return (
    <td>
      <a href={`/admin/packages/${l.packageId}`}>{l.packageName}</a>
      {l.addonOf && (
        <div class="muted small">
          Add-on of{' '}
          {'serviceId' in l.addonOf ? (
            <a href={`/admin/services/${l.addonOf.serviceId}`}>service #{l.addonOf.serviceId}</a>
          ) : (
            <>{l.addonOf.packageName} (this order)</>
          )}
        </div>
      )}
      {l.options.length > 0 && (
        <ul class="plain muted small">
          {l.options.map((o) => (
            <li>{o}</li>
          ))}
        </ul>
      )}
      {l.customPrice !== null && (
        <div class="muted small">Custom price {money(l.customPrice, props.order.currency, props.order.minorUnits)} per unit</div>
      )}
    </td>
  );
}

function LinesTable(props: { order: OrderDetail }) {
  const o = props.order;
  return (
    <table class="table" id="order-lines">
      <caption class="sr-only">Items</caption>
      <thead>
        <tr>
          <th scope="col">Package</th>
          <th scope="col">Billing</th>
          <th scope="col" class="num">
            Quantity
          </th>
          <th scope="col">Services</th>
        </tr>
      </thead>
      <tbody>
        {o.lines.map((l) => (
          <tr>
            <LineCell line={l} order={o} />
            <td>{l.priceName ?? '—'}</td>
            <td class="num">{l.quantity}</td>
            <td>
              {l.services.length ? (
                <ul class="plain">
                  {l.services.map((s) => (
                    <li>
                      <a href={`/admin/services/${s.id}`}>#{s.id}</a> <span class={`badge service-${s.status}`}>{s.status}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <span class="muted">{o.status === 'paid' ? 'None yet' : o.status === 'pending' ? 'Created when paid' : 'None'}</span>
              )}
            </td>
          </tr>
        ))}
        {o.lines.length === 0 && (
          <tr>
            <td colspan={4} class="empty">
              No items.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function CancelForm(props: { order: OrderDetail; csrfToken: string | null; reason?: string; errors?: Errors }) {
  const o = props.order;
  return (
    <form
      method="post"
      action={`/admin/orders/${o.id}/cancel`}
      class="stack"
      id="cancel-order"
      hx-boost="true"
      hx-confirm={`Cancel order #${o.id}? Its invoice is voided and its units are released.`}
    >
      <h3>Cancel order</h3>
      <Csrf token={props.csrfToken} />
      <p class="muted small">
        Its invoice is voided and credit applied to it goes back to the client; its units return to stock and its coupon use is released.
      </p>
      <Field
        name="reason"
        label="Reason (optional)"
        value={props.reason}
        error={props.errors?.reason}
        maxlength={200}
        hint="Shown on this page; left blank, it says who cancelled it."
      />
      <div>
        <button type="submit" class="danger">
          Cancel order
        </button>
      </div>
    </form>
  );
}

/** Staff's view of one order: who placed it and how, what it holds, what it became, its invoice. */
export function OrderPage(
  props: PageProps & { order: OrderDetail; invoice: InvoiceDetail | null; canWrite: boolean; reason?: string; errors?: Errors },
) {
  const o = props.order;
  const i = props.invoice;
  return (
    <AdminLayout {...props} title={`Order #${o.id}`} active="orders">
      <p class="crumbs">
        <a href="/admin/orders">Orders</a> / <a href={`/admin/clients/${o.client.id}`}>{o.client.name}</a> /
      </p>
      <div class="heading">
        <h1>
          Order #{o.id} <span class={`badge ${ORDER_TONE[o.status] ?? ''}`}>{o.status}</span>
        </h1>
      </div>
      <FormErrors errors={props.errors} known={['reason']} />
      <div class="split">
        <section class="card">
          <dl class="facts">
            <dt>Client</dt>
            <dd>
              <a href={`/admin/clients/${o.client.id}`}>{o.client.name}</a> ({o.client.email})
            </dd>
            <dt>Placed</dt>
            <dd>
              {when(o.createdAt)} {placedBy(o) && <span class="muted">{placedBy(o)}</span>}
            </dd>
            {o.limitsOverridden && (
              <>
                <dt>Stock and limits</dt>
                <dd>Overridden by staff</dd>
              </>
            )}
            {o.status === 'pending' && (
              <>
                <dt>Units held until</dt>
                <dd>{when(o.expiresAt)}</dd>
              </>
            )}
            {o.paidAt && (
              <>
                <dt>Paid</dt>
                <dd>{when(o.paidAt)}</dd>
              </>
            )}
            {o.cancelledAt && (
              <>
                <dt>Cancelled</dt>
                <dd>
                  {when(o.cancelledAt)}
                  {o.cancelReason && <div class="muted">{o.cancelReason}</div>}
                </dd>
              </>
            )}
            {o.coupon && (
              <>
                <dt>Coupon</dt>
                <dd>
                  <code>{o.coupon.code}</code> {o.coupon.released && <span class="muted small">(use released)</span>}
                </dd>
              </>
            )}
          </dl>
          <h2>Items</h2>
          <LinesTable order={o} />
        </section>
        <section class="card">
          <h2>Invoice</h2>
          {i ? (
            <>
              <p>
                <a href={`/admin/invoices/${i.id}`}>{invoiceNumber(i)}</a> <InvoiceStatus status={i.status} />
              </p>
              <InvoiceLines invoice={i} />
              <PaymentsTable invoice={i} />
            </>
          ) : (
            <p class="muted">This order has no invoice.</p>
          )}
          {o.status === 'pending' && props.canWrite && (
            <CancelForm order={o} csrfToken={props.csrfToken ?? null} reason={props.reason} errors={props.errors} />
          )}
        </section>
      </div>
      <HistoryCard objectType="client_order" objectId={o.id} />
    </AdminLayout>
  );
}
