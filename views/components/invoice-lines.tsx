import type { InvoiceDetail } from '../../src/modules/invoicing/load-invoice.ts';
import { dateTime, money } from './money.ts';
import { fromDecimalString } from '../../src/modules/shared/money.ts';
import { ChargesTable } from './charges-table.tsx';
import { partlyTaxedBase } from '../../src/modules/invoicing/rules/invoice-document.ts';
import { t } from '../../src/i18n/locale.ts';

// An invoice's lines and totals: the client's invoice page and the staff one show the same.

const TONE: Record<string, string> = { paid: 'ok', unpaid: 'warn', draft: 'muted', void: 'muted' };

export function InvoiceStatus(props: { status: string }) {
  return (
    <span class={`badge ${TONE[props.status] ?? ''}`}>
      {t(`common:status.invoice.${props.status === 'void' ? 'cancelled' : props.status}`)}
    </span>
  );
}

/**
 * Beside a paid invoice's status, what its credit notes gave back: "refunded" once they make up
 * its total, "partly refunded" before. Nothing when there is no credit note.
 */
export function RefundBadge(props: { refunded: string; total: string }) {
  const refunded = fromDecimalString(props.refunded);
  if (refunded <= 0n) return null;
  return (
    <span class="badge muted">
      {t(refunded >= fromDecimalString(props.total) ? 'common:status.invoice.refunded' : 'common:status.invoice.partlyRefunded')}
    </span>
  );
}

export function InvoiceLines(props: { invoice: InvoiceDetail }) {
  const i = props.invoice;
  return (
    <>
      <ChargesTable
        caption={t('common:invoice.lines')}
        class="invoice-lines"
        heading={t('common:invoice.description')}
        charges={i.lines}
        currency={i.currency}
        minorUnits={i.minorUnits}
        totals={{ ...i, taxBase: partlyTaxedBase(i.lines, i.taxRate, i.minorUnits) }}
        totalLabel={t('common:totals.total')}
        totalId="invoice-total"
      />
      {i.reverseCharge && (
        <p class="muted small" id="reverse-charge">
          {t('common:invoice.reverseChargeNote')}
        </p>
      )}
    </>
  );
}

export function PaymentsTable(props: { invoice: InvoiceDetail }) {
  const i = props.invoice;
  if (!i.payments.length) return null;
  return (
    <table class="table compact" id="payments">
      <caption class="sr-only">{t('common:payments.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('common:payments.when')}</th>
          <th scope="col">{t('common:payments.method')}</th>
          <th scope="col">{t('common:payments.reference')}</th>
          <th scope="col" class="num">
            {t('common:charges.amount')}
          </th>
        </tr>
      </thead>
      <tbody>
        {i.payments.map((p) => (
          <tr>
            <td class="nowrap">{dateTime(p.at)}</td>
            <td>{GATEWAY_NAMES.has(p.gateway) ? t(`common:payments.methods.${p.gateway}`) : p.gateway}</td>
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

const GATEWAY_NAMES = new Set(['credit', 'manual', 'test', 'stripe', 'free']);
