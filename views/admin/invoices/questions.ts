import type { InvoiceDetail } from '../../../src/modules/invoicing/load-invoice.ts';
import { isHandWritten } from '../../../src/modules/invoicing/rules/invoice-actions.ts';
import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import { formatMoney, fromDecimalString } from '../../../src/modules/shared/money.ts';
import type { Question } from '../confirm-page.tsx';

// What Mark paid and Void ask before they act: the button's dialog with JavaScript, a page of its
// own without (ConfirmActionPage). One wording for both.

type Asked = Pick<InvoiceDetail, 'id' | 'number' | 'orderId' | 'lines' | 'total' | 'creditApplied' | 'currency' | 'minorUnits'>;

export function markPaidQuestion(i: Asked): Question {
  const due = formatMoney(fromDecimalString(i.total) - fromDecimalString(i.creditApplied), i.currency, i.minorUnits);
  return {
    question: `Record a bank transfer of ${due} for invoice ${invoiceNumber(i)}?`,
    detail: `It becomes paid${isHandWritten(i.lines) ? '' : ' and its services start or renew'}.`,
    label: 'Mark paid',
  };
}

/** What voiding undoes, by what the invoice bills (void-unpaid-invoice.ts). */
function undone(i: Asked): string {
  if (i.orderId !== null) return 'Nothing is owed on it any more: its order is cancelled and what it holds goes back on sale.';
  if (i.lines.length && i.lines.every((l) => l.kind === 'renewal'))
    return 'Nothing is owed on it any more: its renewal periods are billed again on the next run.';
  if (isHandWritten(i.lines)) return 'Nothing is owed on it any more.';
  return 'Nothing is owed on it any more; whatever waited on it is undone (a package change it charges for is cancelled).';
}

export function voidQuestion(i: Asked): Question {
  return { question: `Void invoice ${invoiceNumber(i)}?`, detail: undone(i), label: 'Void invoice' };
}

/** As a dialog's one line. */
export const dialogOf = (q: Question) => `${q.question} ${q.detail}`;
