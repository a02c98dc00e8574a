import type { InvoiceDetail } from '../../src/modules/invoicing/load-invoice.ts';
import { lineMoney, money } from './money.ts';
import { ChargesTable } from './charges-table.tsx';

// An invoice's lines and totals: the client's invoice page and the staff one show the same.

const TONE: Record<string, string> = { paid: 'ok', unpaid: 'warn', draft: 'muted', void: 'muted' };

export function InvoiceStatus(props: { status: string }) {
  return <span class={`badge ${TONE[props.status] ?? ''}`}>{props.status === 'void' ? 'cancelled' : props.status}</span>;
}

export function InvoiceLines(props: { invoice: InvoiceDetail }) {
  const i = props.invoice;
  return <ChargesTable caption="Invoice lines" class="invoice-lines" heading="Description" charges={i.lines} currency={i.currency} minorUnits={i.minorUnits} totals={i} totalLabel="Total" totalId="invoice-total" />;
}

export function PaymentsTable(props: { invoice: InvoiceDetail }) {
  const i = props.invoice;
  if (!i.payments.length) return null;
  return (
    <table class="table compact" id="payments">
      <caption class="sr-only">Payments</caption>
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Method</th>
          <th scope="col">Reference</th>
          <th scope="col" class="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {i.payments.map((p) => (
          <tr>
            <td class="nowrap">{p.at.replace('T', ' ').slice(0, 16)}</td>
            <td>{GATEWAY_NAMES[p.gateway] ?? p.gateway}</td>
            <td>
              <code>{p.reference}</code>
            </td>
            <td class="num nowrap">{money(p.amount, i.currency, i.minorUnits)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const GATEWAY_NAMES: Record<string, string> = { credit: 'Account credit', manual: 'Bank transfer', test: 'Test gateway', stripe: 'Card', free: 'Nothing to pay' };
