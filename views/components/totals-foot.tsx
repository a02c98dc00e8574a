import { money, percent } from './money.ts';
import { t as tr } from '../../src/i18n/locale.ts';

// The subtotal, tax and total rows under a table of lines: invoices and the order summary share them.

export function TotalsFoot(props: {
  totals: {
    subtotal: string;
    tax: string;
    total: string;
    taxRate: string | null;
    creditApplied?: string;
    amountDue?: string;
    reverseCharge?: boolean;
    /** Only some lines taxed: what the rate was applied to (partlyTaxedBase), said beside it. */
    taxBase?: string | null;
  };
  currency: string;
  minorUnits: number;
  totalLabel: string;
  totalId: string;
}) {
  const t = props.totals;
  const m = (v: string) => money(v, props.currency, props.minorUnits);
  return (
    <tfoot>
      <tr>
        <th scope="row">{tr('common:totals.subtotal')}</th>
        <td class="num nowrap">{m(t.subtotal)}</td>
      </tr>
      <tr>
        <th scope="row">
          {t.reverseCharge
            ? tr('common:totals.reverseCharge')
            : t.taxRate
              ? t.taxBase
                ? tr('common:totals.taxAtOn', { rate: percent(t.taxRate), base: m(t.taxBase) })
                : tr('common:totals.taxAt', { rate: percent(t.taxRate) })
              : tr('common:totals.tax')}
        </th>
        <td class="num nowrap">{m(t.tax)}</td>
      </tr>
      <tr class="total">
        <th scope="row">{props.totalLabel}</th>
        <td class="num nowrap">
          <strong id={props.totalId}>{m(t.total)}</strong>
        </td>
      </tr>
      {t.creditApplied && t.amountDue && /[1-9]/.test(t.creditApplied) && (
        <>
          <tr>
            <th scope="row">{tr('common:totals.creditApplied')}</th>
            <td class="num nowrap">−{m(t.creditApplied)}</td>
          </tr>
          <tr class="total">
            <th scope="row">{tr('common:totals.amountDue')}</th>
            <td class="num nowrap">
              <strong id={`${props.totalId}-due`}>{m(t.amountDue)}</strong>
            </td>
          </tr>
        </>
      )}
    </tfoot>
  );
}
