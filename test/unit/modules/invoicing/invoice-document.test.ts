import { describe, expect, it } from 'vitest';
import {
  partlyTaxedBase,
  creditNoteDocument,
  creditNoteTax,
  documentFilename,
  type DocumentCreditNote,
  invoiceDocument,
  invoiceNumber,
  REVERSE_CHARGE_NOTE,
} from '../../../../src/modules/invoicing/rules/invoice-document.ts';
import { buyerParty } from '../../../../src/modules/invoicing/rules/invoice-parties.ts';
import type { InvoiceDetail } from '../../../../src/modules/invoicing/load-invoice.ts';
import { fromDecimalString } from '../../../../src/modules/shared/money.ts';

const parties = { seller: { name: 'Acme Hosting', lines: [] }, buyer: { name: 'Zoë Ødegård 山田', lines: ['zoe@example.com', 'NO'] } };
const invoice = (over: Partial<InvoiceDetail> = {}): InvoiceDetail => ({
  id: 12,
  number: 'INV-2026-0012',
  seller: null,
  buyer: null,
  reverseCharge: false,
  status: 'unpaid',
  clientId: 1,
  clientName: 'Zoë',
  clientEmail: 'zoe@example.com',
  orderId: 3,
  currency: 'JPY',
  minorUnits: 0,
  subtotal: '1000.0000',
  tax: '100.0000',
  total: '1100.0000',
  creditApplied: '0.0000',
  amountDue: '1100.0000',
  taxRate: '10.0000',
  dueDate: '2026-12-11',
  paidAt: null,
  createdAt: '2026-12-04T09:00:00.000Z',
  lines: [{ kind: 'package', description: 'VPS', amount: '1000.0000', taxable: true }],
  payments: [],
  ...over,
});
const none = { refunds: [], creditNotes: [] };
const totals = (m: ReturnType<typeof invoiceDocument>) => Object.fromEntries(m.totals.map((t) => [t.label, t.value]));

describe('invoice numbers and file names', () => {
  it('prints the number an invoice was issued with, and a draft by its id', () => {
    expect(invoiceNumber({ id: 42, number: 'INV-2026-0007' })).toBe('INV-2026-0007');
    expect(invoiceNumber({ id: 42, number: null })).toBe('#42');
  });
  it.each([
    ['invoice', '#42', 'invoice-42.pdf'],
    ['credit-note', 'CN-2026-0001', 'credit-note-CN-2026-0001.pdf'],
    ['credit-note', 'CN/2026 01', 'credit-note-CN-2026-01.pdf'],
    ['invoice', '"; rm', 'invoice-rm.pdf'],
    ['invoice', '###', 'invoice-document.pdf'],
  ] as const)('%s %s is %s', (kind, number, name) => expect(documentFilename(kind, number)).toBe(name));
});

describe('invoiceDocument', () => {
  it('prints the stored totals in the currency’s decimals, the rate and what is due', () => {
    const m = invoiceDocument({ invoice: invoice(), refunds: none, ...parties });
    expect(m.number).toBe('INV-2026-0012');
    expect(m.stamp).toBeNull();
    expect(totals(m)).toEqual({ Subtotal: '1,000 JPY', 'Tax (10%)': '100 JPY', Total: '1,100 JPY', 'Amount due': '1,100 JPY' });
    expect(m.lines.rows).toEqual([['VPS', '1,000 JPY']]);
    expect(m.notes).toEqual(['Please pay 1,100 JPY by 2026-12-11.']);
  });

  it('groups a line’s thousands as the totals do, keeping the decimals it carries', () => {
    const lines = [
      { kind: 'manual', description: 'Setup', amount: '1500.0000', taxable: true },
      { kind: 'package', description: 'Pro rata', amount: '23.2258', taxable: true },
      { kind: 'manual', description: 'Discount', amount: '-1234.5000', taxable: true },
    ];
    const usd = invoiceDocument({ invoice: invoice({ currency: 'USD', minorUnits: 2, lines }), refunds: none, ...parties });
    expect(usd.lines.rows.map((r) => r.at(-1))).toEqual(['1,500.00 USD', '23.2258 USD', '-1,234.50 USD']);
  });

  it('shows credit applied, a PAID stamp, nothing due, the payments, refunds and credit notes of a paid invoice', () => {
    const paid = invoice({
      status: 'paid',
      currency: 'EUR',
      minorUnits: 2,
      creditApplied: '100.0000',
      amountDue: '1000.0000',
      paidAt: '2026-12-05T10:00:00.000Z',
      payments: [{ gateway: 'stripe', reference: 'pi_1', amount: '1000.0000', at: '2026-12-05T10:00:00.000Z' }],
    });
    const refunds = {
      refunds: [
        {
          id: 1,
          amount: '-20.0000',
          destination: 'credit',
          gateway: 'credit',
          status: 'succeeded',
          reference: 'r1',
          reason: '',
          failure: null,
          staffName: null,
          creditNoteNumber: 'CN-1',
          at: '2026-12-06T00:00:00Z',
        },
        {
          id: 2,
          amount: '-5.0000',
          destination: 'gateway',
          gateway: 'stripe',
          status: 'failed',
          reference: 'r2',
          reason: '',
          failure: 'no',
          staffName: null,
          creditNoteNumber: null,
          at: '2026-12-06T00:00:00Z',
        },
      ],
      creditNotes: [
        {
          id: 1,
          number: 'CN-1',
          refundId: 1,
          destination: 'credit',
          gateway: 'credit',
          amount: '20.0000',
          reason: 'Goodwill',
          issuedAt: '2026-12-06T00:00:00Z',
        },
      ],
    } as const;
    const m = invoiceDocument({
      invoice: paid,
      refunds: { refunds: [...refunds.refunds], creditNotes: [...refunds.creditNotes] },
      ...parties,
    });
    expect(m.stamp).toEqual({ text: 'PAID', tone: 'ok' });
    expect(totals(m)).toMatchObject({ 'Credit applied': '-100.00 EUR', 'Amount due': '0.00 EUR' });
    expect(m.facts).toContainEqual(['Paid', '2026-12-05']);
    expect(m.tables.map((t) => t.title)).toEqual(['Payments', 'Refunds', 'Credit notes']);
    // A failed refund moved no money: it is not printed.
    expect(m.tables[1]!.rows).toEqual([['2026-12-06', 'Account credit', 'CN-1', '-20.00 EUR']]);
  });

  it('says what the tax was worked out on when only some lines are taxed, so the reader can check it', () => {
    const lines = [
      { kind: 'manual', description: 'Setup', amount: '100.0000', taxable: true },
      { kind: 'manual', description: 'Discount', amount: '-19.4450', taxable: true },
      { kind: 'manual', description: 'Domain', amount: '15.0000', taxable: false },
    ];
    const m = invoiceDocument({
      invoice: invoice({ currency: 'EUR', minorUnits: 2, subtotal: '95.5600', tax: '8.0600', total: '103.6200', lines }),
      refunds: none,
      ...parties,
    });
    expect(totals(m)).toMatchObject({ 'Tax (10% of 80.56 EUR)': '8.06 EUR' });
    expect(partlyTaxedBase(lines, '10.0000', 2)).toBe('80.5600');
    expect(partlyTaxedBase(lines, null, 2)).toBeNull();
    expect(partlyTaxedBase(lines.slice(0, 2), '10.0000', 2)).toBeNull();
    expect(partlyTaxedBase(lines.slice(2), '10.0000', 2)).toBeNull();
    expect(partlyTaxedBase([], '10.0000', 2)).toBeNull();
  });

  it('stamps a void invoice cancelled and owes nothing on it', () => {
    const m = invoiceDocument({ invoice: invoice({ status: 'void', taxRate: null, tax: '0.0000' }), refunds: none, ...parties });
    expect(m.stamp).toEqual({ text: 'CANCELLED', tone: 'muted' });
    expect(totals(m)).toMatchObject({ Tax: '0 JPY', 'Amount due': '0 JPY' });
  });
});

describe('creditNoteDocument', () => {
  const note = (invoiceTax: DocumentCreditNote['invoiceTax'], amount = '15.5000'): DocumentCreditNote => ({
    id: 4,
    number: 'CN-2026-0004',
    invoiceId: 12,
    invoiceNumber: 'INV-2026-0012',
    refundId: 9,
    destination: 'gateway',
    gateway: 'stripe',
    amount,
    currency: 'EUR',
    minorUnits: 2,
    reason: '',
    issuedAt: '2026-12-07T08:00:00Z',
    invoiceTax,
  });

  it("splits what it credits into net and tax in its invoice's proportion, adding up to the credit", () => {
    // Invoice 100.00 + 19.00 VAT = 119.00; 50.00 of it refunded: 42.02 net, 7.98 VAT (50 × 19 / 119 = 7.983).
    const m = creditNoteDocument({
      note: note({ total: '119.0000', tax: '19.0000', taxRate: '19.0000', reverseCharge: false }, '50.0000'),
      ...parties,
    });
    expect(m.totals).toEqual([
      { label: 'Net', value: '42.02 EUR' },
      { label: 'Tax (19%)', value: '7.98 EUR' },
      { label: 'Total credited', value: '50.00 EUR', strong: true },
    ]);
    expect(creditNoteTax('119.0000', { total: '119.0000', tax: '19.0000' }, 2)).toBe(fromDecimalString('19'));
    expect(creditNoteTax('1', { total: '0.0000', tax: '0.0000' }, 2)).toBe(0n);
    // Yen: whole units.
    expect(creditNoteTax('333', { total: '1100', tax: '100' }, 0)).toBe(fromDecimalString('30'));
  });

  it('says reverse charge as its invoice did, and prints no tax line for an invoice without one', () => {
    const reverse = creditNoteDocument({
      note: note({ total: '100.0000', tax: '0.0000', taxRate: '0.0000', reverseCharge: true }),
      ...parties,
    });
    expect(reverse.totals.map((t) => [t.label, t.value])).toEqual([
      ['Net', '15.50 EUR'],
      ['Tax (0%, reverse charge)', '0.00 EUR'],
      ['Total credited', '15.50 EUR'],
    ]);
    expect(reverse.notes).toContain(REVERSE_CHARGE_NOTE);
    const untaxed = creditNoteDocument({
      note: note({ total: '100.0000', tax: '0.0000', taxRate: null, reverseCharge: false }),
      ...parties,
    });
    expect(untaxed.totals).toEqual([{ label: 'Total credited', value: '15.50 EUR', strong: true }]);
    expect(untaxed.notes).not.toContain(REVERSE_CHARGE_NOTE);
  });

  it('names its invoice, where the money went and what it credits', () => {
    const m = creditNoteDocument({
      note: { ...note({ total: '100.0000', tax: '0.0000', taxRate: null, reverseCharge: false }), currency: 'USD', reason: 'Outage' },
      ...parties,
    });
    expect(m.title).toBe('Credit note');
    expect(m.number).toBe('CN-2026-0004');
    expect(m.facts).toEqual([
      ['Issued', '2026-12-07'],
      ['For invoice', 'INV-2026-0012'],
      ['Refunded to', 'Original payment, Card (Stripe)'],
      ['Currency', 'USD'],
    ]);
    expect(m.lines.rows).toEqual([['Refund of invoice INV-2026-0012: Outage', '15.50 USD']]);
    expect(m.totals).toEqual([{ label: 'Total credited', value: '15.50 USD', strong: true }]);
  });
});

describe('reverse charge and the parties', () => {
  it('says reverse charge on the VAT line and in the notes, and prints bank details on an unpaid invoice', () => {
    const m = invoiceDocument({
      invoice: invoice({ reverseCharge: true, tax: '0.0000', taxRate: '0.0000', total: '1000.0000', amountDue: '1000.0000' }),
      refunds: none,
      ...parties,
      bankDetails: 'IBAN DE89\nBIC COBADEFFXXX',
    });
    expect(m.totals.map((t) => t.label)).toContain('Tax (0%, reverse charge)');
    expect(m.notes).toContain(REVERSE_CHARGE_NOTE);
    expect(m.notes).toContain('Bank details: IBAN DE89, BIC COBADEFFXXX');
    const paid = invoiceDocument({
      invoice: invoice({ status: 'paid', reverseCharge: false }),
      refunds: none,
      ...parties,
      bankDetails: 'IBAN DE89',
    });
    expect(paid.notes.some((n) => n.startsWith('Bank details'))).toBe(false);
    expect(paid.notes).not.toContain(REVERSE_CHARGE_NOTE);
  });

  it('addresses a business by its company, with the person, address, country and VAT ID under it', () => {
    expect(
      buyerParty({
        name: 'Zoë',
        email: 'zoe@example.com',
        company: 'Exemple SARL',
        address: '1 rue X\n75001 Paris',
        country: 'FR',
        vatId: 'FRXX123456789',
      }),
    ).toEqual({
      name: 'Exemple SARL',
      lines: ['Zoë', '1 rue X', '75001 Paris', 'France', 'zoe@example.com', 'VAT ID: FRXX123456789'],
    });
    expect(buyerParty({ name: 'Zoë', email: 'zoe@example.com', company: null, address: null, country: null, vatId: null })).toEqual({
      name: 'Zoë',
      lines: ['zoe@example.com'],
    });
  });
});

describe('in the client language', () => {
  it('writes a German invoice with German words, money and dates, and the German reverse-charge note', () => {
    const m = invoiceDocument({
      invoice: invoice({
        reverseCharge: true,
        tax: '0.0000',
        taxRate: '0.0000',
        total: '1000.0000',
        amountDue: '1000.0000',
        currency: 'EUR',
        minorUnits: 2,
      }),
      refunds: none,
      ...parties,
      language: 'de',
    });
    expect(m.title).toBe('Rechnung');
    expect(m.billTo).toBe('RECHNUNG AN');
    expect(m.facts).toContainEqual(['Fällig am', '11.12.2026']);
    expect(totals(m)).toMatchObject({
      Zwischensumme: '1.000,00 EUR',
      'MwSt. (0 %, Reverse Charge)': '0,00 EUR',
      'Offener Betrag': '1.000,00 EUR',
    });
    expect(m.notes[0]).toMatch(/^Steuerschuldnerschaft des Leistungsempfängers/);
    expect(m.notes).toContain('Bitte zahlen Sie 1.000,00 EUR bis zum 11.12.2026.');
    expect(m.pageLabel(1, 2)).toBe('Rechnung INV-2026-0012 · Seite 1 von 2');
    expect(m.lines.rows).toEqual([['VPS', '1.000,00 EUR']]);
  });
});
