import { describe, expect, it } from 'vitest';
import { chosenVariants } from '../../../../src/modules/orders/quote-order.ts';
import type { OptionGroupDetail } from '../../../../src/modules/catalog/serialize-package.ts';
import { quote } from '../../../../src/modules/pricing/rules/quote.ts';
import { DomainError } from '../../../../src/modules/shared/errors.ts';
import { amounts, input } from '../pricing/rules/quote-fixtures.ts';

const monthly = (price: string, setupFee = '0.0000') => [{ priceName: 'Monthly', currency: 'USD', price, setupFee }];
const group = (g: Partial<OptionGroupDetail> & Pick<OptionGroupDetail, 'id' | 'name' | 'options'>): OptionGroupDetail => ({
  type: 'choice',
  display: 'radio',
  minQuantity: 0,
  maxQuantity: 1,
  pattern: '',
  upgradable: false,
  ...g,
});

const pkg = {
  variantGroups: [
    group({
      id: 1,
      name: 'Operating system',
      options: [
        { id: 11, name: 'Linux', prices: monthly('0') },
        { id: 12, name: 'Windows Server 2025', prices: monthly('10') },
      ],
    }),
    group({
      id: 2,
      name: 'Extra IPv4',
      type: 'quantity',
      minQuantity: 0,
      maxQuantity: 16,
      options: [{ id: 21, name: 'IPv4 address', prices: monthly('2', '1') }],
    }),
    group({ id: 3, name: 'Managed backups', type: 'yesno', options: [{ id: 31, name: 'Yes', prices: monthly('5') }] }),
    group({ id: 4, name: 'Hostname', type: 'text', minQuantity: 1, pattern: '^[a-z0-9.-]+$', options: [] }),
  ],
};
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).fields;
  }
  throw new Error('not refused');
};

describe('chosenVariants: the four option types', () => {
  it('takes a choice, N units of a quantity, a ticked yes/no and a text', () => {
    const v = chosenVariants(pkg, [12, 31], { optionQuantities: { 2: 4 }, optionTexts: { 4: 'web1.example.com' } });
    expect(v.map((x) => [x.groupName, x.option.id, x.quantity, x.text])).toEqual([
      ['Operating system', 12, undefined, undefined],
      ['Extra IPv4', 21, 4, undefined],
      ['Managed backups', 31, undefined, undefined],
      ['Hostname', 0, undefined, 'web1.example.com'],
    ]);
  });

  it('leaves out a quantity of 0 (its minimum when not given) and an unticked yes/no', () => {
    expect(chosenVariants(pkg, [11], { optionTexts: { 4: 'a.example' } }).map((x) => x.groupName)).toEqual([
      'Operating system',
      'Hostname',
    ]);
  });

  it.each<[string, number[], Parameters<typeof chosenVariants>[2], string]>([
    ['a quantity past its maximum', [11], { optionQuantities: { 2: 17 }, optionTexts: { 4: 'a' } }, 'group-2'],
    ['a fractional quantity', [11], { optionQuantities: { 2: 1.5 }, optionTexts: { 4: 'a' } }, 'group-2'],
    ['a required text left out', [11], {}, 'group-4'],
    ['a text not matching the pattern', [11], { optionTexts: { 4: 'Web 1!' } }, 'group-4'],
    ['an option of another package', [99], { optionTexts: { 4: 'a' } }, 'optionIds'],
    ['a group this package lacks', [11], { optionQuantities: { 9: 1 }, optionTexts: { 4: 'a' } }, 'optionIds'],
    ['two choices of one group', [11, 12], { optionTexts: { 4: 'a' } }, 'group-1'],
  ])('refuses %s', (_label, ids, extras, field) => {
    expect(refusal(() => chosenVariants(pkg, ids, extras))).toHaveProperty([field]);
  });
});

describe('quote: option types on the invoice', () => {
  it('charges a quantity per unit (setup fee too), a yes at its price and a text at nothing, each on its own line', () => {
    const variants = chosenVariants(pkg, [12, 31], { optionQuantities: { 2: 4 }, optionTexts: { 4: 'web1.example.com' } });
    const q = quote(input({ variants }), '2025-01-10');
    expect(q.lines.map((l) => [l.description.replace(/, 2025.*$/, ''), l.amount])).toEqual([
      ['Hosting Basic (Monthly)', '30.0000'],
      ['Hosting Basic (Monthly) setup fee', '5.0000'],
      ['Operating system: Windows Server 2025', '10.0000'],
      ['Extra IPv4: 4 × IPv4 address', '8.0000'],
      ['Extra IPv4: 4 × IPv4 address setup fee', '4.0000'],
      ['Managed backups: Yes', '5.0000'],
      ['Hostname: web1.example.com', '0.0000'],
    ]);
    expect(q.renewalAmount).toBe('53.0000');
    expect(amounts(q)).toHaveLength(7);
  });
});
