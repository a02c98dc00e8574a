import { describe, expect, it } from 'vitest';
import { canResendInvoice, invoiceActions } from '../../../../src/modules/invoicing/rules/invoice-actions.ts';

describe('invoiceActions', () => {
  it.each([
    ['unpaid', true, ['mark-paid', 'void', 'resend', 'download']],
    ['paid', true, ['refund', 'resend', 'download']],
    ['void', true, ['resend', 'download']],
    ['draft', true, ['download']],
    ['unpaid', false, ['download']],
    ['paid', false, ['download']],
  ] as const)('%s (staff may write: %s): %j', (status, canWrite, actions) => expect(invoiceActions(status, canWrite)).toEqual(actions));

  it('sends every issued invoice, never a draft', () => {
    expect(['unpaid', 'paid', 'void'].every((s) => canResendInvoice(s as 'paid'))).toBe(true);
    expect(canResendInvoice('draft')).toBe(false);
  });
});
