import type { InvoiceRefunds } from '../../../src/modules/invoicing/load-invoice-refunds.ts';
import { formatMoney, fromDecimalString, roundToMinor, toDecimalString } from '../../../src/modules/shared/money.ts';
import { Checkbox, Csrf, Field, type Errors } from '../../components/form.tsx';
import { RadioGroup } from '../../components/radio-group.tsx';
import { refundDestinationName } from '../../components/refunds-table.tsx';

export const REFUND_FIELDS = ['amount', 'destination', 'endServices', 'reason'] as const;

export interface RefundFormValues {
  amount?: string;
  destination?: string;
  endServices?: boolean;
  reason?: string;
}

/** What is left, at the currency's decimals, as the amount field starts ("10.00"). */
function prefill(amount: string, minorUnits: number): string {
  const s = toDecimalString(roundToMinor(fromDecimalString(amount), minorUnits));
  return s.slice(0, s.length - (minorUnits ? 4 - minorUnits : 5));
}

/**
 * Staff refund a paid invoice: the amount starts at what is left, and only the ways this invoice
 * can be refunded are offered. Posts as a plain form; htmx boosts it when present.
 */
export function RefundForm(props: {
  invoiceId: number;
  currency: string;
  minorUnits: number;
  refunds: InvoiceRefunds;
  values?: RefundFormValues;
  errors?: Errors;
  csrfToken: string | null;
  /** The invoice bought no services (one written by hand): nothing to end. */
  noServices?: boolean;
}) {
  const r = props.refunds;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const first = r.refundChoices[0]?.destination ?? '';
  const left = formatMoney(fromDecimalString(r.refundable), props.currency, props.minorUnits);
  return (
    <form
      method="post"
      action={`/admin/invoices/${props.invoiceId}/refunds`}
      class="stack"
      id="refund"
      hx-boost="true"
      hx-confirm="Refund the amount entered? The money goes back the way chosen and a credit note is issued; this cannot be undone."
    >
      <h3>Refund</h3>
      <Csrf token={props.csrfToken} />
      <p class="muted small">Up to {left} can be refunded. A credit note is issued for each refund.</p>
      <Field
        name="amount"
        label={`Amount (${props.currency})`}
        value={v.amount ?? prefill(r.refundable, props.minorUnits)}
        error={e.amount}
        inputmode="decimal"
        maxlength={24}
        required
      />
      <RadioGroup
        name="destination"
        field="destination"
        legend="Refund to"
        checked={v.destination ?? first}
        error={e.destination}
        radios={r.refundChoices.map((c) => ({
          id: `refund-to-${c.destination}`,
          value: c.destination,
          label: refundDestinationName(c.destination, c.gateway),
          extra: `up to ${formatMoney(fromDecimalString(c.max), props.currency, props.minorUnits)}`,
        }))}
      />
      {!props.noServices && (
        <Checkbox
          name="endServices"
          label="End the services on this invoice"
          checked={v.endServices}
          error={e.endServices}
          hint="They are terminated through their panel, as terminating them by hand would."
        />
      )}
      <Field name="reason" label="Reason (optional)" value={v.reason} error={e.reason} maxlength={200} hint="Printed on the credit note." />
      <div>
        <button type="submit" class="danger">
          Refund
        </button>
      </div>
    </form>
  );
}
