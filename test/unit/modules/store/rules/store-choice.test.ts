import { describe, expect, it } from 'vitest';
import { chosenOptionIds, readChoice, storeField } from '../../../../../src/modules/store/rules/store-choice.ts';
import { excerpt } from '../../../../../src/modules/store/rules/excerpt.ts';

const shape = {
  allowQuantity: true,
  prices: [{ name: 'Monthly' }, { name: 'Annual' }],
  groups: [{ id: 7, name: 'OS', options: [{ id: 70 }, { id: 71 }] }],
};

describe('readChoice', () => {
  it('a first visit takes the first pricing option, the first option of each group, quantity 1', () => {
    const { choice, errors } = readChoice(shape, {}, false);
    expect(errors).toEqual({});
    expect(choice).toEqual({ priceName: 'Monthly', options: { 7: 70 }, quantities: {}, texts: {}, quantity: 1, quantityText: '1' });
  });

  it('reads a posted choice', () => {
    const { choice, errors } = readChoice(shape, { priceName: 'Annual', 'options[7]': '71', quantity: ' 3 ' }, true);
    expect(errors).toEqual({});
    expect(chosenOptionIds(choice)).toEqual([71]);
    expect(choice.quantity).toBe(3);
  });

  it.each([
    [{ priceName: 'Weekly', 'options[7]': '70' }, { priceName: 'Choose one of the pricing options shown.' }],
    [{ priceName: 'Monthly' }, { 'options-7': 'Choose one OS.' }],
    [{ priceName: 'Monthly', 'options[7]': '99' }, { 'options-7': 'Choose one OS.' }],
    [{ priceName: 'Monthly', 'options[7]': '70', quantity: '0' }, { quantity: 'Enter a quantity from 1 to 100.' }],
    [{ priceName: 'Monthly', 'options[7]': '70', quantity: '101' }, { quantity: 'Enter a quantity from 1 to 100.' }],
    [{ priceName: 'Monthly', 'options[7]': '70', quantity: '2.5' }, { quantity: 'Enter a quantity from 1 to 100.' }],
    [{ priceName: 'Monthly', 'options[7]': '70', quantity: '' }, { quantity: 'Enter a quantity from 1 to 100.' }],
  ])('refuses %j', (form, errors) => {
    expect(readChoice(shape, form, true).errors).toEqual(errors);
  });

  it('ignores a quantity where the package is ordered one at a time, and takes the last of repeated fields', () => {
    const { choice, errors } = readChoice(
      { ...shape, allowQuantity: false },
      { priceName: ['Annual', 'Monthly'], 'options[7]': '70', quantity: '9' },
      true,
    );
    expect(errors).toEqual({});
    expect(choice).toMatchObject({ priceName: 'Monthly', quantity: 1 });
  });
});

describe('storeField', () => {
  it.each([
    ['price', 'priceName'],
    ['priceName', 'priceName'],
    ['quantity', 'quantity'],
    ['group-7', 'options-7'],
    ['variants.7', 'options-7'],
    ['optionIds', '_'],
    ['packageId', '_'],
  ])('%s → %s', (key, field) => {
    expect(storeField(key)).toBe(field);
  });
});

describe('excerpt', () => {
  it.each([
    ['<p>2 vCPU &amp; 4 GB <strong>RAM</strong>.</p><ul><li>Backups</li><li>IPv6</li></ul>', '2 vCPU & 4 GB RAM. Backups · IPv6'],
    ['<p>a</p>\n\n<p>b</p>', 'a · b'],
    [
      '<div>Fast SSD, <em>free</em> TLS.</div><ul><li>Daily backups</li><li>Email included</li></ul>',
      'Fast SSD, free TLS. Daily backups · Email included',
    ],
    ['<h3>Features:</h3><p>one<br>two</p>', 'Features: one · two'],
    ['<script>alert(1)</script>Safe', 'Safe'],
    ['', ''],
  ])('%j → %j', (html, text) => {
    expect(excerpt(html)).toBe(text);
  });

  it('cuts long text at a word, with an ellipsis', () => {
    const text = excerpt(`<p>${'word '.repeat(60)}</p>`, 30);
    expect(text).toBe('word word word word word word…');
    expect(excerpt('x'.repeat(50), 10)).toBe('xxxxxxxxxx…');
  });
});
