import { describe, expect, it } from 'vitest';
import { renderInvoiceEmail } from '../../../../src/modules/invoicing/rules/invoice-email.ts';

const base = {
  store: 'Acme <Hosting>',
  clientName: 'Zoë',
  number: '#12',
  status: 'unpaid',
  total: '119.00 EUR',
  amountDue: '109.00 EUR',
  dueDate: '2026-12-11',
  paidOn: null,
  link: 'https://billing.example.com/account/invoices/12',
} as const;

describe('renderInvoiceEmail', () => {
  it('asks for what is due, links to paying and escapes the HTML', () => {
    const m = renderInvoiceEmail(base);
    expect(m.subject).toBe('Invoice #12 from Acme <Hosting>');
    expect(m.text).toContain('Invoice #12 comes to 119.00 EUR; 109.00 EUR is due by 2026-12-11.');
    expect(m.text).toContain('View and pay the invoice:\nhttps://billing.example.com/account/invoices/12');
    expect(m.html).toContain('<a href="https://billing.example.com/account/invoices/12">View and pay the invoice</a>');
    expect(m.html).toContain('Acme &lt;Hosting&gt;');
    expect(m.text).toContain('The invoice is attached as a PDF.');
  });

  it('says the amount once when nothing of it is paid yet', () => {
    const m = renderInvoiceEmail({ ...base, amountDue: '119.00 EUR' });
    expect(m.text).toContain('Invoice #12 for 119.00 EUR is due by 2026-12-11.');
    expect(m.text).not.toContain('comes to');
  });

  it('thanks for a paid invoice and tells a cancelled one is owed nothing', () => {
    expect(renderInvoiceEmail({ ...base, status: 'paid', paidOn: '2026-12-05' }).text).toContain(
      'was paid on 2026-12-05. Thank you.\n\nThe invoice is attached as a PDF.\n\nView the invoice:',
    );
    expect(renderInvoiceEmail({ ...base, status: 'void' }).text).toContain('was cancelled: nothing is owed on it.');
  });
});
