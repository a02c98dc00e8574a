import { describe, expect, it } from 'vitest';
import {
  couponProblem,
  couponStanding,
  normalizeCode,
  renewalCyclesAfterFirst,
  type CouponRequest,
  type CouponRules,
} from '../../../../../src/modules/coupons/rules/coupon-terms.ts';

const base: CouponRules = {
  code: 'WELCOME10',
  kind: 'percent',
  percent: '10.0000',
  amounts: {},
  packageIds: [],
  active: true,
  forOrders: true,
  forChanges: false,
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  maxUses: 10,
  maxUsesPerClient: 1,
  uses: 3,
};
const req: CouponRequest = { today: '2026-06-15', purpose: 'order', currency: 'USD', packageIds: [5], clientUses: 0 };

describe('couponProblem', () => {
  it.each<[string, Partial<CouponRules> | null, Partial<CouponRequest>, string | null]>([
    ['a good code', {}, {}, null],
    ['unknown', null, {}, 'That code is not valid.'],
    ['switched off reads as unknown', { active: false }, {}, 'That code is not valid.'],
    ['not for new orders', { forOrders: false }, {}, 'That code is not valid for new orders.'],
    ['not for package changes', {}, { purpose: 'change' }, 'That code is not valid for package changes.'],
    ['before its first day', {}, { today: '2025-12-31' }, 'That code is valid from 2026-01-01.'],
    ['on its first day', {}, { today: '2026-01-01' }, null],
    ['on its last day', {}, { today: '2026-12-31' }, null],
    ['after its last day', {}, { today: '2027-01-01' }, 'That code has expired.'],
    ['no dates', { startsOn: null, endsOn: null }, { today: '2099-01-01' }, null],
    ['used up', { uses: 10 }, {}, 'That code has been used up.'],
    ['unlimited uses', { uses: 10_000, maxUses: null }, {}, null],
    ['the client used it', {}, { clientUses: 1 }, 'You have already used that code.'],
    ['the client used their share', { maxUsesPerClient: 2 }, { clientUses: 2 }, 'You have already used that code 2 times.'],
    ['no per-client limit', { maxUsesPerClient: null }, { clientUses: 5 }, null],
    ['another package', { packageIds: [1, 2] }, {}, 'That code does not apply to what you are ordering.'],
    ['one of the packages ordered', { packageIds: [1, 5] }, { packageIds: [3, 5] }, null],
    ['fixed without the currency', { kind: 'fixed', percent: null, amounts: { EUR: '5.0000' } }, {}, 'That code gives no discount in USD.'],
    ['fixed in the currency', { kind: 'fixed', percent: null, amounts: { USD: '5.0000' } }, {}, null],
  ])('%s', (_label, coupon, request, expected) => {
    expect(couponProblem(coupon === null ? null : { ...base, ...coupon }, { ...req, ...request })).toBe(expected);
  });
});

describe('normalizeCode', () => {
  it('matches whatever the case and spacing', () => {
    expect(normalizeCode('  welcome10 ')).toBe('WELCOME10');
  });
});

describe('renewalCyclesAfterFirst', () => {
  it.each<[Parameters<typeof renewalCyclesAfterFirst>[0], number | null, number | null]>([
    ['once', null, 0],
    ['cycles', 1, 0],
    ['cycles', 3, 2],
    ['forever', null, null],
  ])('%s %s → %s', (duration, cycles, expected) => {
    expect(renewalCyclesAfterFirst(duration, cycles)).toBe(expected);
  });
});

describe('couponStanding', () => {
  it.each<[string, Partial<CouponRules>, string, ReturnType<typeof couponStanding>]>([
    ['usable today', {}, '2026-06-15', 'active'],
    ['on its first and last days', {}, '2026-01-01', 'active'],
    ['on its last day', {}, '2026-12-31', 'active'],
    ['switched off, whatever its dates', { active: false }, '2027-06-01', 'inactive'],
    ['before its first day', {}, '2025-12-31', 'scheduled'],
    ['after its last day', {}, '2027-01-01', 'expired'],
    ['every use taken', { uses: 10 }, '2026-06-15', 'used-up'],
    ['past and used up: past first', { uses: 10 }, '2027-01-01', 'expired'],
    ['no dates, no limit', { startsOn: null, endsOn: null, maxUses: null, uses: 999 }, '2099-01-01', 'active'],
  ])('%s', (_, coupon, today, expected) => {
    expect(couponStanding({ ...base, ...coupon }, today)).toBe(expected);
  });
});
