import { describe, expect, it } from 'vitest';
import { changeChoiceKey, type ChangeTarget } from '../../../../../src/modules/scaling/rules/change-choice-key.ts';

const base: ChangeTarget = {
  packageId: 3,
  priceId: 7,
  optionIds: [12, 4],
  optionQuantities: { '2': 3, '9': 1 },
  optionTexts: { '5': 'web01' },
};

describe('changeChoiceKey', () => {
  it('is the same for the same choice, whatever order its options came in', () => {
    const key = changeChoiceKey(base);
    expect(key).toMatch(/^[\w-]{22}$/);
    expect(changeChoiceKey({ ...base, optionIds: [4, 12], optionQuantities: { '9': 1, '2': 3 } })).toBe(key);
  });

  it('differs for another package, price, option, quantity or text', () => {
    const key = changeChoiceKey(base);
    const others: ChangeTarget[] = [
      { ...base, packageId: 4 },
      { ...base, priceId: 8 },
      { ...base, optionIds: [12, 5] },
      { ...base, optionIds: [12] },
      { ...base, optionQuantities: { '2': 4, '9': 1 } },
      { ...base, optionTexts: { '5': 'web02' } },
      { ...base, optionTexts: {} },
    ];
    const keys = others.map(changeChoiceKey);
    expect(keys).not.toContain(key);
    expect(new Set(keys).size).toBe(others.length);
  });
});
