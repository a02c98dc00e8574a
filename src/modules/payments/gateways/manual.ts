import type { FieldValues } from '../../plugins/rules/field-spec.ts';
import type { PaymentGateway } from '../gateway.ts';
import { transferReference } from '../rules/transfer-reference.ts';

/** The bank details a transfer is made to: the gateway's own, else the seller's (Settings › Seller details). */
export function transferText(settings: FieldValues, sellerBankDetails: string): string {
  const own = typeof settings.instructions === 'string' ? settings.instructions : '';
  return own.trim() ? own : sellerBankDetails;
}

export const manualGateway: PaymentGateway = {
  key: 'manual',
  label: 'Bank transfer',
  // NOTE: says where it is not offered: an order's units are held for minutes, a transfer takes days.
  description:
    "Clients transfer the amount with the invoice reference; staff mark the invoice paid when it arrives. Offered on renewals and other invoices, not on a new order's (its units are held for minutes, a transfer takes days).",
  settingsFields: [
    {
      key: 'instructions',
      label: 'Bank details shown to clients',
      type: 'textarea',
      maxLength: 2000,
      help: 'Account holder, IBAN, BIC: one per line. Left empty, the bank details of Settings › Seller details are shown, as the invoice PDF prints them.',
    },
  ],
  // NOTE: an order's invoice must be paid while its stock is reserved (minutes), so a bank
  // transfer (days) is offered only for other invoices.
  accepts: (invoice) => invoice.orderId === null,
  offer({ invoice, settings, sellerBankDetails }) {
    const text = transferText(settings, sellerBankDetails);
    const lines = text.trim()
      ? text.split(/\r?\n/).filter((l) => l.trim())
      : ['Our bank details have not been published here yet: contact us and we will send them.'];
    return {
      key: 'manual',
      label: 'Bank transfer',
      kind: 'instructions',
      lines,
      reference: transferReference(invoice),
      note: 'We mark the invoice paid when the transfer arrives, usually within 1 to 3 working days.',
    };
  },
};
