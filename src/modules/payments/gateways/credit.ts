import { CREDIT_SHORT, payWithCredit } from '../../invoicing/pay-with-credit.ts';
import { formatMoney, fromDecimalString } from '../../shared/money.ts';
import { payPath, type PaymentGateway } from '../gateway.ts';

export const creditGateway: PaymentGateway = {
  key: 'credit',
  label: 'Account credit',
  description: "Pays an invoice from the client's credit balance, in the invoice's currency; a smaller balance goes towards it.",
  settingsFields: [],
  offer({ invoice, creditBalance, creditCurrency }) {
    const balance = fromDecimalString(creditBalance);
    const due = fromDecimalString(invoice.amountDue);
    const sameCurrency = creditCurrency === invoice.currency;
    // A balance short of the amount due (but not empty) goes towards it: the rest is paid another way.
    const partial = sameCurrency && balance > 0n && balance < due;
    const m = (v: bigint) => formatMoney(v, invoice.currency, invoice.minorUnits);
    return {
      key: 'credit',
      label: 'Account credit',
      kind: 'button',
      action: payPath(invoice.id, 'credit'),
      button: partial ? 'Apply my credit' : 'Pay from my credit',
      note: partial
        ? `Takes ${m(balance)} off this invoice; pay the remaining ${m(due - balance)} another way.`
        : 'Paid at once from your account balance.',
      balance: { amount: creditBalance, currency: creditCurrency },
      refusal: !sameCurrency
        ? `Your credit is held in ${creditCurrency}; this invoice is in ${invoice.currency}.`
        : partial || balance >= due
          ? null
          : CREDIT_SHORT,
    };
  },
  start: async (em, { clientId, invoiceId, now }) => ({
    kind: 'paid',
    result: await payWithCredit(em, clientId, invoiceId, now, { orPart: true }),
  }),
};
