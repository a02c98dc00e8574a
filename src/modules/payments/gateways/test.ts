import { loadInvoice } from '../../invoicing/load-invoice.ts';
import { Conflict } from '../../shared/errors.ts';
import { payPath, type PaymentGateway } from '../gateway.ts';

export const testGateway: PaymentGateway = {
  key: 'test',
  label: 'Test gateway',
  description: 'For demos: a page where the client approves or declines the payment. Never offered in production unless TEST_GATEWAY=on.',
  settingsFields: [],
  available: (env) => env.testGateway,
  offer({ invoice }) {
    return {
      key: 'test',
      label: 'Test gateway',
      kind: 'button',
      action: payPath(invoice.id, 'test'),
      button: 'Pay with the test gateway',
      note: 'For demos: a hosted page where you approve or decline the payment.',
      refusal: null,
    };
  },
  async start(em, { clientId, invoiceId }) {
    const invoice = await loadInvoice(em, invoiceId, clientId);
    if (invoice.status === 'paid') return { kind: 'paid', result: 'already-paid' };
    if (invoice.status !== 'unpaid') throw new Conflict('This invoice was cancelled and can no longer be paid.');
    return { kind: 'redirect', to: `/pay/test/${invoiceId}` };
  },
  testConnection: () => Promise.resolve({ ok: true, message: 'The test gateway needs no connection.' }),
};
