import { payWithCredit } from '../../invoicing/pay-with-credit.ts';
import { fromDecimalString } from '../../shared/money.ts';
import { payPath, type PaymentGateway } from '../gateway.ts';

export const creditGateway: PaymentGateway = {
  key: 'credit',
  label: 'Account credit',
  description: "Pays an invoice from the client's credit balance, in the invoice's currency.",
  settingsFields: [],
  offer({ invoice, creditBalance, creditCurrency }) {
    const enough = fromDecimalString(creditBalance) >= fromDecimalString(invoice.amountDue);
    const refusal =
      creditCurrency !== invoice.currency
        ? `Your credit is held in ${creditCurrency}; this invoice is in ${invoice.currency}.`
        : enough
          ? null
          : 'Your credit balance does not cover this invoice.';
    return {
      key: 'credit',
      label: 'Account credit',
      kind: 'button',
      action: payPath(invoice.id, 'credit'),
      button: 'Pay from my credit',
      note: 'Paid at once from your account balance.',
      balance: { amount: creditBalance, currency: creditCurrency },
      refusal,
    };
  },
  start: async (em, { clientId, invoiceId, now }) => ({ kind: 'paid', result: await payWithCredit(em, clientId, invoiceId, now) }),
};
