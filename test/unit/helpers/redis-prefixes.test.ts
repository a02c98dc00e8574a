import { describe, expect, it } from 'vitest';
import { prefixPids } from '../../helpers/redis-prefixes.ts';

describe('the pid in a test Redis prefix', () => {
  it('is read from hb<tag><pid> and hb<tag><pid><stamp>', () => {
    expect(prefixPids('hbstart13094')).toEqual([13094]);
    expect(prefixPids(`hbtest4242${Date.now().toString(36)}`)).toEqual([4242]);
    expect(prefixPids('hbbench-renewals-18521-mx9joa6z')).toEqual([18521]);
  });

  it('is not taken from digits in the tag or in the stamp', () => {
    // A stamp of now that ends in digits, as about a quarter of them do.
    const stamp = `${Date.now().toString(36).slice(0, 4)}z531`;
    expect(prefixPids('hbo2s13094')).toEqual([13094]);
    expect(prefixPids(`hbo2s13094${stamp}`)).toEqual([13094]);
    expect(prefixPids(`hbtest4242${stamp}`)).toEqual([4242]);
    // Seven digits after `s` read as a stamp would be a time years ahead: so they are the pid.
    expect(prefixPids('hbo2s1234567')).toEqual([1234567]);
  });

  it('is absent from prefixes the tests do not make, so those are never deleted', () => {
    expect(prefixPids('hostbill')).toEqual([]);
    expect(prefixPids('bull')).toEqual([]);
    expect(prefixPids('hb2')).toEqual([]);
    expect(prefixPids('hbstart')).toEqual([]);
  });
});
