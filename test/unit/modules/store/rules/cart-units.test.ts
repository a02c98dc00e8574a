import { describe, expect, it } from 'vitest';
import { cartPastStock, cartUnits, type CartUnitLine } from '../../../../../src/modules/store/rules/cart-units.ts';

const VPS = 1;
const IP = 2;
const line = (id: number, packageId: number, quantity: number, parentId: number | null = null): CartUnitLine => ({
  id,
  packageId,
  quantity,
  parentId,
});
const stock = (packageId: number, total: number, held = 0) => ({ packageId, stock: total, held });

describe('cartUnits', () => {
  it('counts an add-on per unit of its package line, summed over lines of one package', () => {
    const units = cartUnits([line(1, VPS, 3), line(2, IP, 2, 1), line(3, VPS, 1), line(4, IP, 1, 3)]);
    expect(units.get(VPS)).toBe(4);
    expect(units.get(IP)).toBe(3 * 2 + 1);
  });
});

describe('cartPastStock', () => {
  it('refuses a new line past what is left, saying what the other lines hold', () => {
    const before = [line(1, VPS, 2)];
    const after = [...before, line(0, VPS, 2)];
    expect(cartPastStock(before, after, new Set([0]), [stock(VPS, 5, 2)])).toEqual({
      packageId: VPS,
      problem: 'Only 3 left. Your cart holds 2 already.',
    });
    expect(cartPastStock(before, after, new Set([0]), [stock(VPS, 5, 1)])).toBeNull();
  });

  it('weighs the add-ons of a package line whose quantity grows, and not the line itself as held elsewhere', () => {
    const before = [line(1, VPS, 1), line(2, IP, 1, 1)];
    const after = [line(1, VPS, 3), line(2, IP, 1, 1)];
    expect(cartPastStock(before, after, new Set([1]), [stock(VPS, -1), stock(IP, 2)])).toEqual({ packageId: IP, problem: 'Only 2 left.' });
  });

  it('lets a cart already past what is left be lowered, or other packages change', () => {
    const before = [line(1, VPS, 4), line(3, IP, 1)];
    expect(cartPastStock(before, [line(1, VPS, 3), line(3, IP, 1)], new Set([1]), [stock(VPS, 2)])).toBeNull();
    expect(cartPastStock(before, [line(1, VPS, 4), line(3, IP, 2)], new Set([3]), [stock(VPS, 2), stock(IP, 9)])).toBeNull();
  });

  it('says sold out without what the cart holds', () => {
    const before = [line(1, VPS, 1)];
    expect(cartPastStock(before, [...before, line(0, VPS, 1)], new Set([0]), [stock(VPS, 3, 3)])).toEqual({
      packageId: VPS,
      problem: 'Sold out.',
    });
  });
});
