import { describe, expect, it } from 'vitest';
import { fromMinorUnits, toMinorUnits } from '../../../../src/modules/payments/rules/minor-units.ts';

describe('minor units', () => {
  it('converts 4-decimal amounts to cents, yen and fils and back', () => {
    expect(toMinorUnits('20.0000', 2)).toBe(2000);
    expect(toMinorUnits('0.5000', 2)).toBe(50);
    expect(toMinorUnits('1500.0000', 0)).toBe(1500);
    expect(toMinorUnits('1.2340', 3)).toBe(1234);
    expect(fromMinorUnits(2000, 2)).toBe('20.0000');
    expect(fromMinorUnits(1500, 0)).toBe('1500.0000');
  });

  it('refuses an amount finer than the currency, rather than round money silently', () => {
    expect(() => toMinorUnits('20.0050', 2)).toThrow(RangeError);
    expect(() => toMinorUnits('10.5000', 0)).toThrow(RangeError);
  });
});
