import { describe, expect, it } from 'vitest';
import { paidMessage } from '../../../../src/modules/invoicing/rules/paid-message.ts';

describe('paidMessage', () => {
  it.each([
    ['an order', { orderId: 7, lines: [{ kind: 'package' }] }, 'client', 'Paid. Thank you! Your order is being set up.'],
    ['an order, for staff', { orderId: 7, lines: [] }, 'staff', 'Marked paid. The order’s services are being set up.'],
    [
      'a package change',
      { orderId: null, lines: [{ kind: 'upgrade-credit' }, { kind: 'upgrade-charge' }] },
      'client',
      'Paid. Thank you! The package change is being applied.',
    ],
    [
      'a renewal',
      { orderId: null, lines: [{ kind: 'renewal' }, { kind: 'renewal' }] },
      'client',
      'Paid. Thank you! Your services are renewed.',
    ],
    ['a cancellation fee', { orderId: null, lines: [{ kind: 'cancellation' }] }, 'staff', 'Marked paid.'],
  ] as const)('%s', (_name, invoice, who, expected) => {
    expect(paidMessage({ ...invoice, lines: [...invoice.lines] }, who)).toBe(expected);
  });
});
