import { describe, expect, it } from 'vitest';
import { refundableOf, refundProblem, type PaymentFact } from '../../../../src/modules/invoicing/rules/refundable.ts';
import { parseAmount, type Units } from '../../../../src/modules/shared/money.ts';

const u = (s: string): Units => {
  const p = parseAmount(s, { allowNegative: true });
  if (!p.ok) throw new Error(p.error);
  return p.units;
};
const pay = (gateway: PaymentFact['gateway'], amount: string): PaymentFact => ({
  kind: 'payment',
  gateway,
  amount: u(amount),
  status: 'succeeded',
});
const refund = (gateway: PaymentFact['gateway'], amount: string, status: PaymentFact['status'] = 'succeeded'): PaymentFact => ({
  kind: 'refund',
  gateway,
  amount: -u(amount),
  status,
});
const testRefunds = (g: string) => g === 'test';
const USD = { code: 'USD', minorUnits: 2 };

describe('refundableOf', () => {
  it('offers the gateway and credit for a test gateway payment', () => {
    const r = refundableOf({ creditApplied: 0n, payments: [pay('test', '20.00')] }, testRefunds);
    expect(r.refundable).toBe(u('20'));
    expect(r.options.map((o) => [o.destination, o.gateway, o.max])).toEqual([
      ['gateway', 'test', u('20')],
      ['credit', 'credit', u('20')],
    ]);
  });

  it('offers a bank transfer back for a bank transfer, and only credit for a credit payment', () => {
    expect(refundableOf({ creditApplied: 0n, payments: [pay('manual', '10')] }, testRefunds).options.map((o) => o.destination)).toEqual([
      'manual',
      'credit',
    ]);
    expect(refundableOf({ creditApplied: 0n, payments: [pay('credit', '10')] }, testRefunds).options.map((o) => o.destination)).toEqual([
      'credit',
    ]);
    // A gateway nobody registered a refunder for: credit only.
    expect(refundableOf({ creditApplied: 0n, payments: [pay('test', '10')] }, () => false).options.map((o) => o.destination)).toEqual([
      'credit',
    ]);
  });

  it('counts credit applied as paid, returnable as credit only', () => {
    const r = refundableOf({ creditApplied: u('4'), payments: [pay('test', '6')] }, testRefunds);
    expect(r.paid).toBe(u('10'));
    expect(r.options).toEqual([
      { destination: 'gateway', gateway: 'test', max: u('6') },
      { destination: 'credit', gateway: 'credit', max: u('10') },
    ]);
  });

  it('reserves pending refunds, releases failed ones', () => {
    const r = refundableOf(
      {
        creditApplied: 0n,
        payments: [pay('test', '10'), refund('test', '3', 'pending'), refund('test', '5', 'failed'), refund('credit', '2')],
      },
      testRefunds,
    );
    expect(r.refunded).toBe(u('5'));
    expect(r.refundable).toBe(u('5'));
    expect(r.options.map((o) => o.max)).toEqual([u('5'), u('5')]);
  });

  it('caps the gateway at what went through it, and offers nothing once all is back', () => {
    const r = refundableOf({ creditApplied: u('5'), payments: [pay('test', '5'), refund('test', '5')] }, testRefunds);
    expect(r.options).toEqual([{ destination: 'credit', gateway: 'credit', max: u('5') }]);
    const none = refundableOf({ creditApplied: 0n, payments: [pay('test', '5'), refund('credit', '5')] }, testRefunds);
    expect(none.refundable).toBe(0n);
    expect(none.options).toEqual([]);
  });

  it('offers no credit when the client holds credit in another currency', () => {
    const r = refundableOf({ creditApplied: 0n, payments: [pay('test', '10')], creditInOtherCurrency: true }, testRefunds);
    expect(r.options.map((o) => o.destination)).toEqual(['gateway']);
  });

  it('has nothing to refund on a free invoice', () => {
    expect(refundableOf({ creditApplied: 0n, payments: [pay('free', '0')] }, testRefunds).options).toEqual([]);
  });
});

describe('refundProblem', () => {
  const r = refundableOf({ creditApplied: u('4'), payments: [pay('test', '6')] }, testRefunds);
  it.each<[string, 'gateway' | 'manual' | 'credit', string, { field: string; message: string } | null]>([
    ['the whole amount to credit', 'credit', '10', null],
    ['part to the gateway', 'gateway', '6', null],
    ['zero', 'credit', '0', { field: 'amount', message: 'Enter an amount above zero.' }],
    ['more decimals than the currency has', 'credit', '1.005', { field: 'amount', message: 'Use at most 2 decimals for USD.' }],
    ['more than was paid', 'credit', '10.01', { field: 'amount', message: 'At most 10.00 USD can be refunded.' }],
    [
      'more than went through the gateway',
      'gateway',
      '7',
      { field: 'amount', message: 'At most 6.00 USD can be refunded to the original payment method.' },
    ],
    [
      'a way this invoice was not paid',
      'manual',
      '1',
      { field: 'destination', message: 'This invoice cannot be refunded that way; choose one of the ways offered.' },
    ],
  ])('%s', (_, destination, amount, problem) => {
    expect(refundProblem(r, { destination, amount: u(amount) }, USD)).toEqual(problem);
  });

  it('says so when nothing is left', () => {
    const none = refundableOf({ creditApplied: 0n, payments: [pay('test', '5'), refund('credit', '5')] }, testRefunds);
    expect(refundProblem(none, { destination: 'credit', amount: u('1') }, USD)).toEqual({
      field: 'amount',
      message: 'Nothing is left to refund on this invoice.',
    });
  });

  it('asks for whole amounts in a currency without minor units', () => {
    const yen = refundableOf({ creditApplied: 0n, payments: [pay('test', '500')] }, testRefunds);
    expect(refundProblem(yen, { destination: 'gateway', amount: u('1.5') }, { code: 'JPY', minorUnits: 0 })).toEqual({
      field: 'amount',
      message: 'Use whole amounts for JPY.',
    });
  });
});
