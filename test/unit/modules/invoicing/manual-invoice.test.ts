import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../../src/modules/shared/validation.ts';
import {
  dueDateProblem,
  manualInvoiceInput,
  manualLinesFromForm,
  MAX_MANUAL_LINES,
} from '../../../../src/modules/invoicing/rules/manual-invoice.ts';

const line = (amount: string, description = 'Work', taxable = false) => ({ description, amount, taxable });

describe('manual invoice lines from the form', () => {
  it('keeps the typed rows in order, drops blank ones, and reads the ticked rows by their number', () => {
    const rows = manualLinesFromForm({
      description: ['Setup', '', '  ', 'Discount'],
      amount: ['120', '', '', '-20'],
      taxable: ['0', '2', '3'],
    });
    expect(rows).toEqual([
      { description: 'Setup', amount: '120', taxable: true },
      { description: 'Discount', amount: '-20', taxable: true },
    ]);
  });

  it('keeps a row with only one of its fields, so the missing one is asked for', () => {
    expect(manualLinesFromForm({ description: ['', 'Hours'], amount: ['15', ''] })).toEqual([
      { description: '', amount: '15', taxable: false },
      { description: 'Hours', amount: '', taxable: false },
    ]);
    expect(manualLinesFromForm({ description: 'One', amount: '5' })).toEqual([{ description: 'One', amount: '5', taxable: false }]);
    expect(manualLinesFromForm({})).toEqual([]);
  });
});

describe('manual invoice input', () => {
  const parse = (raw: unknown) => manualInvoiceInput.safeParse(raw);
  const problems = (raw: unknown) => {
    const r = parse(raw);
    return r.success ? {} : fieldErrors(r.error);
  };

  it('takes a discount line below zero while the lines add up to more than zero, and sends the email unless told not to', () => {
    const r = parse({ lines: [line('120.00'), line('-20', 'Discount', true)] });
    expect(r.success && r.data).toEqual({
      lines: [
        { description: 'Work', amount: '120.0000', taxable: false },
        { description: 'Discount', amount: '-20.0000', taxable: true },
      ],
      dueDate: undefined,
      sendEmail: true,
    });
    expect(parse({ lines: [line('1')], sendEmail: '0' }).data?.sendEmail).toBe(false);
  });

  it('refuses lines adding up to zero or less, no lines, too many, and junk in a row, each under its row', () => {
    expect(problems({ lines: [line('10'), line('-10')] })).toEqual({ lines: 'The lines must add up to more than zero.' });
    expect(problems({ lines: [line('-5')] })).toEqual({ lines: 'The lines must add up to more than zero.' });
    expect(problems({ lines: [] })).toEqual({ lines: 'Add at least one line.' });
    expect(problems({})).toEqual({ lines: 'Add at least one line.' });
    expect(problems({ lines: Array.from({ length: MAX_MANUAL_LINES + 1 }, () => line('1')) })).toEqual({ lines: 'Use at most 20 lines.' });
    expect(problems({ lines: [line('1'), line('abc'), line('2', '')] })).toEqual({
      'lines.1.amount': 'Enter a number such as 12.50.',
      'lines.2.description': 'Enter a description.',
    });
    expect(problems({ lines: [line('1.23456')] })).toEqual({ 'lines.0.amount': 'Use at most 4 decimal places.' });
    expect(problems({ lines: [line('1', 'x'.repeat(301))] })).toEqual({ 'lines.0.description': 'Use at most 300 characters.' });
    expect(problems({ lines: [line('1')], dueDate: '2026-02-30' })).toEqual({ dueDate: 'That date does not exist.' });
    expect(problems({ lines: [line('999999999999999'), line('999999999999999')] })).toEqual({
      lines: 'That is more than one invoice can hold.',
    });
  });

  it('takes a due date of today or later only', () => {
    expect(dueDateProblem('2026-12-07', '2026-12-07')).toBeNull();
    expect(dueDateProblem('2027-01-01', '2026-12-07')).toBeNull();
    expect(dueDateProblem('2026-12-06', '2026-12-07')).toMatch(/today or a later date/);
  });
});
