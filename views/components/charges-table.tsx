import type { Child } from 'hono/jsx';
import { formatMoneyIn } from '../../src/i18n/format.ts';
import { formatAmount, fromDecimalString } from '../../src/modules/shared/money.ts';
import { currentLanguage } from '../../src/i18n/locale.ts';
import { TotalsFoot } from './totals-foot.tsx';
import { t } from '../../src/i18n/locale.ts';

/**
 * A line's amount with the decimals it carries ("6.7742 USD"), as the page's language writes
 * numbers ("6,7742 USD"), thousands grouped as the totals under it are ("1,499.00 USD").
 */
export function lineAmount(amount: string, currency: string): string {
  const units = fromDecimalString(amount);
  return formatMoneyIn(currentLanguage(), units, currency, formatAmount(units).split('.')[1]?.length ?? 0);
}

export interface Charge {
  description: string;
  /** 4-decimal string: the line's amount (and one unit's, when `quantity` is more than 1). */
  amount: string;
  unitAmount?: string;
  quantity?: number;
  kind?: string;
}

/**
 * Lines of charges with their amounts and the subtotal, tax and total under them: the store's
 * price summary, the cart's and an invoice's lines are one shape.
 */
export function ChargesTable(props: {
  caption: string;
  charges: readonly Charge[];
  currency: string;
  minorUnits: number;
  totals: Parameters<typeof TotalsFoot>[0]['totals'];
  totalLabel: string;
  totalId: string;
  class?: string;
  heading?: Child;
}) {
  return (
    <table class={`table ${props.class ?? 'compact summary-lines'}`}>
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.heading ?? t('common:charges.item')}</th>
          <th scope="col" class="num">
            {t('common:charges.amount')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.charges.map((c) => (
          <tr class={c.kind ? `line-${c.kind}` : undefined}>
            <td>
              {c.description}
              {(c.quantity ?? 1) > 1 && c.unitAmount && (
                <span class="muted small"> ({t('common:charges.each', { amount: lineAmount(c.unitAmount, props.currency) })})</span>
              )}
            </td>
            <td class="num nowrap">{lineAmount(c.amount, props.currency)}</td>
          </tr>
        ))}
      </tbody>
      <TotalsFoot
        totals={props.totals}
        currency={props.currency}
        minorUnits={props.minorUnits}
        totalLabel={props.totalLabel}
        totalId={props.totalId}
      />
    </table>
  );
}
