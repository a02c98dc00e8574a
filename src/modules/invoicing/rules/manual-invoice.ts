import { z } from 'zod';
import { bool, optionalCalendarDate, requestKey, signedMoney, text } from '../../shared/fields.ts';
import { fitsColumn, fromDecimalString, sum } from '../../shared/money.ts';
import type { CalendarDate } from '../../shared/dates.ts';

// An invoice staff write by hand (a setup job, an hour of support, a domain bought for the
// client): lines of their own, taxed line by line as the client's other invoices are. Pure.

/** Lines one invoice may hold: more is a list for a spreadsheet, not a form. */
export const MAX_MANUAL_LINES = 20;

export const manualLineInput = z.object({
  description: text('a description', 300),
  amount: signedMoney('A decimal amount with at most 4 decimals; negative for a discount line.', ['120.00', '-20.00']),
  taxable: bool.default(false),
});

export const manualInvoiceInput = z
  .object({
    lines: z
      .array(manualLineInput, { error: 'Add at least one line.' })
      .min(1, 'Add at least one line.')
      .max(MAX_MANUAL_LINES, `Use at most ${MAX_MANUAL_LINES} lines.`),
    /** Blank: due today. */
    dueDate: optionalCalendarDate,
    /** Email the invoice to the client once it is made (yes unless said). */
    sendEmail: bool.default(true),
    /** Any key of the caller's: the same key sent again answers with the invoice it wrote, writing none. */
    requestKey,
  })
  .superRefine((input, ctx) => {
    if (!input.lines.length) return;
    const total = sum(input.lines.map((l) => fromDecimalString(l.amount)));
    // NOTE: money owed to the client goes on their balance (Add credit), never as an invoice below zero.
    if (total <= 0n) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'The lines must add up to more than zero.' });
    else if (!fitsColumn(total)) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'That is more than one invoice can hold.' });
  });

export type ManualInvoiceInput = z.infer<typeof manualInvoiceInput>;

/** Why the due date cannot be used on `today`, or null. */
export function dueDateProblem(dueDate: CalendarDate, today: CalendarDate): string | null {
  return dueDate < today ? 'Choose today or a later date: an invoice due in the past would be overdue at once.' : null;
}

/** A line as the form shows it: what staff typed, kept as typed. */
export interface ManualLineForm {
  description: string;
  amount: string;
  taxable: boolean;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The form's rows (`description[]`, `amount[]`, and `taxable[]` holding the ticked rows' numbers)
 * as typed, rows left blank dropped, so the numbers in the errors are those of the rows shown again.
 */
export function manualLinesFromForm(form: Record<string, string | string[] | undefined>): ManualLineForm[] {
  const descriptions = list(form.description);
  const amounts = list(form.amount);
  const taxed = new Set(list(form.taxable));
  const rows: ManualLineForm[] = [];
  for (let i = 0; i < Math.max(descriptions.length, amounts.length); i++) {
    const description = descriptions[i] ?? '';
    const amount = amounts[i] ?? '';
    if (description.trim() === '' && amount.trim() === '') continue;
    rows.push({ description, amount, taxable: taxed.has(String(i)) });
  }
  return rows;
}
